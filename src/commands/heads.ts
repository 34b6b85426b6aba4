/** `retort heads`: the head revisions of the migrations directory. Needs no database. */
import type { ResolvedConfig } from "../config/load-config.js";
import { formatLogEntry, formatOneLine } from "../graph/format-revision.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { type RevisionInfo, revisionInfo } from "./revision-info.js";

export interface HeadsOptions {
  readonly verbose?: boolean;
  /**
   * Leave out revisions that are heads only because nothing builds on them through `downRevision`
   * while another revision depends on them ("effective heads"), as `upgrade heads` does.
   */
  readonly resolveDependencies?: boolean;
}

/** `3cac04ae8714 (networking) (head)` per head, or the verbose entries. */
/** `heads --json` and the library: the heads as data (the database is not read). */
export async function headsData(
  config: ResolvedConfig,
  options: Pick<HeadsOptions, "resolveDependencies"> = {},
): Promise<{ heads: RevisionInfo[] }> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const ids = options.resolveDependencies ? map.realHeads : map.heads;
  return { heads: ids.map((id) => revisionInfo(map, id)) };
}

export async function heads(config: ResolvedConfig, options: HeadsOptions = {}): Promise<string[]> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const ids = options.resolveDependencies ? map.realHeads : map.heads;
  return ids.flatMap((id) =>
    options.verbose
      ? formatLogEntry(map, id)
      : [formatOneLine(map, id, { includeBranches: true, treeIndicators: false })],
  );
}
