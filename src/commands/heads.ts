/** `retort heads`: the head revisions of the migrations directory. Needs no database. */
import type { ResolvedConfig } from "../config/load-config.js";
import { formatLogEntry, formatOneLine } from "../graph/format-revision.js";
import { loadScriptDirectory } from "../runner/script-directory.js";

export interface HeadsOptions {
  readonly verbose?: boolean;
  /**
   * Leave out revisions that are heads only because nothing builds on them through `downRevision`
   * while another revision depends on them ("effective heads"), as `upgrade heads` does.
   */
  readonly resolveDependencies?: boolean;
}

/** `3cac04ae8714 (networking) (head)` per head, or the verbose entries. */
export async function heads(config: ResolvedConfig, options: HeadsOptions = {}): Promise<string[]> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const ids = options.resolveDependencies ? map.realHeads : map.heads;
  return ids.flatMap((id) =>
    options.verbose
      ? formatLogEntry(map, id)
      : [formatOneLine(map, id, { includeBranches: true, treeIndicators: false })],
  );
}
