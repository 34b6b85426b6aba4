/**
 * A revision as data, for `--json` and the library API: the stable shape scripts can rely on (see the
 * README's "JSON output"). Fields are always present; absent values are `null` or empty lists.
 */
import type { RevisionMap } from "../graph/revision-map.js";

export interface RevisionInfo {
  readonly revision: string;
  /** Parents: none for a base, several for a merge point. */
  readonly downRevisions: readonly string[];
  readonly message: string;
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly isHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** Whether the database is at this revision; null when the database was not read. */
  readonly isCurrent: boolean | null;
  /** The migration file. */
  readonly path: string | null;
  /** As the file's header says it (`2026-11-24 10:15:00.000`). */
  readonly createDate: string | null;
}

export function revisionInfo(map: RevisionMap, id: string, current?: ReadonlySet<string>): RevisionInfo {
  const revision = map.get(id);
  return {
    revision: id,
    downRevisions: [...revision.downRevisions],
    message: revision.message,
    branchLabels: map.branchLabelsOf(id),
    dependsOn: [...(revision.dependsOn ?? [])],
    isHead: map.isHead(id),
    isBranchPoint: map.isBranchPoint(id),
    isMergePoint: map.isMergePoint(id),
    isCurrent: current ? current.has(id) : null,
    path: revision.path ?? null,
    createDate: revision.createDate ?? null,
  };
}

/**
 * Revisions picked from their graph, in the order a command lists them: what `current`, `heads`,
 * `history`, `show` and `branches` find. The CLI prints it as Alembic does (../cli/revision-lines.ts);
 * the library returns it as RevisionInfo (`revisionInfos`).
 */
export interface RevisionListing {
  readonly map: RevisionMap;
  readonly ids: readonly string[];
  /** The revisions the database is at; undefined when the database was not read (`isCurrent: null`). */
  readonly current?: ReadonlySet<string>;
}

export function revisionInfos({ map, ids, current }: RevisionListing): RevisionInfo[] {
  return ids.map((id) => revisionInfo(map, id, current));
}
