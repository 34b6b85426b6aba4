/**
 * The text `history`, `heads` and `current` print for a revision, exactly as Alembic prints it
 * (`Script._head_only` and `Script.log_entry` in alembic/script/base.py):
 *
 *   one line:  [<parents> [(<depends on>)] -> ]<id>[ (<labels>)][ (head)| (effective head)][ (current)]
 *              [ (branchpoint)][ (mergepoint)][, <message>]
 *   verbose:   Rev: / Parent: or Merges: / Also depends on: / Branches into: / Branch names: / Path:,
 *              a blank line, the header indented by four spaces, a blank line.
 */
import type { RevisionMap } from "./revision-map.js";

export interface OneLineOptions {
  /** `<parents> -> <id>` (history). */
  readonly includeParents?: boolean;
  /** ` (label)` (history, heads). */
  readonly includeBranches?: boolean;
  /** `, <message>` (history). */
  readonly includeDoc?: boolean;
  /** ` (branchpoint)` / ` (mergepoint)` (history, current; not heads). Default true. */
  readonly treeIndicators?: boolean;
  /** ` (current)`: the database is at this revision (history --indicate-current). */
  readonly current?: boolean;
  /**
   * The version-table row that stands for this revision when it is spelled otherwise (the last
   * revision a squash replaces): printed as `<row> (replaced by <id>)` (current).
   */
  readonly recordedAs?: string | undefined;
}

export function formatOneLine(map: RevisionMap, id: string, options: OneLineOptions = {}): string {
  const revision = map.get(id);
  let text = recordedText(id, options.recordedAs);
  if (options.includeParents) {
    const dependsOn = revision.dependsOn ?? [];
    text =
      dependsOn.length > 0
        ? `${formatParents(map, id)} (${dependsOn.join(", ")}) -> ${text}`
        : `${formatParents(map, id)} -> ${text}`;
  }
  const labels = map.branchLabelsOf(id);
  if (options.includeBranches && labels.length > 0) text += ` (${labels.join(", ")})`;
  if (map.isRealHead(id)) text += " (head)";
  else if (map.isHead(id)) text += " (effective head)";
  if (options.current) text += " (current)";
  if (options.treeIndicators ?? true) {
    if (map.isBranchPoint(id)) text += " (branchpoint)";
    if (map.isMergePoint(id)) text += " (mergepoint)";
  }
  // A file without a message (written by hand; `revision` writes "empty message" as Alembic does) gets
  // no `, ` hanging at the end of its line.
  if (options.includeDoc && revision.message) text += `, ${revision.message}`;
  return text;
}

/** The verbose form, as lines; the last line is empty, as in Alembic's output. */
export function formatLogEntry(
  map: RevisionMap,
  id: string,
  options: { current?: boolean; recordedAs?: string | undefined } = {},
): string[] {
  const revision = map.get(id);
  const indicators =
    (map.isHead(id) ? " (head)" : "") +
    (map.isBranchPoint(id) ? " (branchpoint)" : "") +
    (map.isMergePoint(id) ? " (mergepoint)" : "") +
    (options.current ? " (current)" : "");
  const lines = [`Rev: ${recordedText(id, options.recordedAs)}${indicators}`];
  lines.push(
    map.isMergePoint(id) ? `Merges: ${formatParents(map, id)}` : `Parent: ${formatParents(map, id)}`,
  );
  if (revision.dependsOn && revision.dependsOn.length > 0)
    lines.push(`Also depends on: ${revision.dependsOn.join(", ")}`);
  if (map.isBranchPoint(id)) lines.push(`Branches into: ${map.childrenOf(id).join(", ")}`);
  const labels = map.branchLabelsOf(id);
  if (labels.length > 0) lines.push(`Branch names: ${labels.join(", ")}`);
  lines.push(`Path: ${revision.path ?? ""}`);
  lines.push("");
  const header = revision.header ?? revision.message;
  if (header !== "") for (const line of header.split("\n")) lines.push(`    ${line}`);
  lines.push("");
  return lines;
}

function recordedText(id: string, recordedAs: string | undefined): string {
  return recordedAs === undefined || recordedAs === id ? id : `${recordedAs} (replaced by ${id})`;
}

function formatParents(map: RevisionMap, id: string): string {
  const parents = map.get(id).downRevisions;
  return parents.length === 0 ? "<base>" : parents.join(", ");
}
