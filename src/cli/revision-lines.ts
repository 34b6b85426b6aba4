/**
 * What `current`, `heads`, `history`, `branches` and `show` print for the revisions their command lists,
 * as Alembic prints them: one line each (../graph/format-revision.ts), or with `--verbose` each in full.
 */
import type { CurrentListing } from "../commands/current.js";
import type { RevisionListing } from "../commands/revision-info.js";
import { maskUrl } from "../db/connect.js";
import { formatLogEntry, formatOneLine } from "../graph/format-revision.js";

/**
 * `ae1027a6acf (head)` per revision the database is at (`r30 (replaced by 5c0a5b000001)` for a row naming
 * the last revision a squash replaced); `<base> (no revision applied)` when there is
 * none (Alembic prints nothing there, which reads as if the command had not run).
 */
export function currentLines({ map, ids, where, recordedAs }: CurrentListing, verbose: boolean): string[] {
  const title = `Current revision(s) for ${maskUrl(where)}:`;
  if (ids.length === 0) {
    const base = "<base> (no revision applied)";
    return verbose ? [title, base] : [base];
  }
  // A row naming the last revision a squash replaced: `<row> (replaced by <squash>)`.
  const as = (id: string) => ({ recordedAs: recordedAs.get(id) });
  if (!verbose) return ids.map((id) => formatOneLine(map, id, as(id)));
  return [title, ...ids.flatMap((id) => formatLogEntry(map, id, as(id)))];
}

/** `3cac04ae8714 (networking) (head)` per head. */
export function headsLines({ map, ids }: RevisionListing, verbose: boolean): string[] {
  return ids.flatMap((id) =>
    verbose
      ? formatLogEntry(map, id)
      : [formatOneLine(map, id, { includeBranches: true, treeIndicators: false })],
  );
}

/** `1975ea83b712 -> ae1027a6acf (head), add a column`; `(current)` marks only with `indicateCurrent`. */
export function historyLines(
  { map, ids, current }: RevisionListing,
  { verbose, indicateCurrent }: { verbose: boolean; indicateCurrent: boolean },
): string[] {
  return ids.flatMap((id) => {
    const isCurrent = indicateCurrent && current?.has(id) === true;
    return verbose
      ? formatLogEntry(map, id, { current: isCurrent })
      : [
          formatOneLine(map, id, {
            includeParents: true,
            includeBranches: true,
            includeDoc: true,
            current: isCurrent,
          }),
        ];
  });
}

/**
 * Each branch point and, under it, the revisions it branches into:
 *
 *   1975ea83b712 (branchpoint)
 *                -> 27c6a30d7c24 (head)
 *                -> ae1027a6acf0 (head)
 */
export function branchesLines({ map, ids }: RevisionListing, verbose: boolean): string[] {
  return ids.flatMap((id) => [
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

/** `show`: each revision in full. */
export function showLines({ map, ids }: RevisionListing): string[] {
  return ids.flatMap((id) => formatLogEntry(map, id));
}
