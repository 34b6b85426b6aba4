/** `retort heads`: the head revisions of the migrations directory. Needs no database. */
import type { ResolvedConfig } from "../config/load-config.js";
import { formatLogEntry, formatOneLine } from "../graph/format-revision.js";
import { loadScriptDirectory } from "../runner/script-directory.js";

export interface HeadsOptions {
  readonly verbose?: boolean;
}

/** `3cac04ae8714 (networking) (head)` per head, or the verbose entries. */
export async function heads(config: ResolvedConfig, options: HeadsOptions = {}): Promise<string[]> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  return map.heads.flatMap((id) =>
    options.verbose
      ? formatLogEntry(map, id)
      : [formatOneLine(map, id, { includeBranches: true, treeIndicators: false })],
  );
}
