/**
 * `retort branches [--verbose]`: each branch point, newest first, and the revisions it branches into, as
 * Alembic's `branches` prints them:
 *
 *   1975ea83b712 (branchpoint)
 *                -> 27c6a30d7c24 (head)
 *                -> ae1027a6acf0 (head)
 *
 * Needs no database.
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { formatLogEntry, formatOneLine } from "../graph/format-revision.js";
import { historyRevisions } from "../graph/steps.js";
import { loadScriptDirectory } from "../runner/script-directory.js";

export interface BranchesOptions {
  /** The branch point in full, and each child's message. */
  readonly verbose?: boolean;
}

export async function branches(config: ResolvedConfig, options: BranchesOptions = {}): Promise<string[]> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const verbose = options.verbose === true;
  return historyRevisions(map)
    .filter((id) => map.isBranchPoint(id))
    .flatMap((id) => [
      ...(verbose ? formatLogEntry(map, id) : [formatOneLine(map, id, { includeBranches: true })]),
      ...map
        .childrenOf(id)
        .map(
          (child) =>
            `${" ".repeat(id.length)} -> ${formatOneLine(map, child, { includeBranches: true, includeDoc: verbose })}`,
        ),
      "",
    ]);
}
