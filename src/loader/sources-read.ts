/**
 * The text of each project file the loader read during a load, with the file's size and modification
 * time taken before the read: what the model cache records as the load's inputs
 * (src/canonicalise/model-cache.ts), so that it need not read and hash every file a second time.
 *
 * Stat first, then read: a file saved between the two has a newer stamp than the text kept, so the next
 * run sees the stamp moved, hashes the file, and finds the text changed. The other order could pair
 * the new stamp with the old text, and an edit would pass for the text already loaded.
 */
import { readFileSync, statSync } from "node:fs";

export interface SourceRead {
  readonly size: number;
  readonly mtimeMs: number;
  readonly text: string;
}

const reads = new Map<string, SourceRead>();

/** The text of `file`, noted with its stamp. */
export function readSource(file: string): string {
  const { size, mtimeMs } = statSync(file);
  const text = readFileSync(file, "utf8");
  reads.set(file, { size, mtimeMs, text });
  return text;
}

/** What the loader read since `forgetSourcesRead`, by absolute path. */
export function sourcesRead(): ReadonlyMap<string, SourceRead> {
  return reads;
}

/** Before a new load: what an earlier one read may have changed since. */
export function forgetSourcesRead(): void {
  reads.clear();
}
