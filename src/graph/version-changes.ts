/**
 * How one step changes the version table, which holds one row per current head (not one per applied
 * migration). After Alembic's `HeadMaintainer.update_to_step` (alembic/runtime/migration.py):
 *
 * - upgrade of a base, or of a revision none of whose parents is a row: INSERT (a new branch);
 * - upgrade of a merge point whose parents are several rows: DELETE all but one, UPDATE that one;
 * - downgrade of a head back to base, or to a parent another head still descends from: DELETE;
 * - downgrade of a merge point: UPDATE to one parent, INSERT the others (un-merge);
 * - anything else: UPDATE the parent's row to the child (or back).
 */
import { RetortError } from "../errors.js";
import type { RevisionMap } from "./revision-map.js";
import type { MigrationStep } from "./steps.js";

export type VersionChange =
  | { readonly kind: "insert"; readonly version: string }
  | { readonly kind: "delete"; readonly version: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string };

export interface VersionTransition {
  readonly changes: readonly VersionChange[];
  /** The heads once the changes are applied. */
  readonly heads: ReadonlySet<string>;
}

export function versionChangesFor(
  map: RevisionMap,
  heads: ReadonlySet<string>,
  step: MigrationStep,
): VersionTransition {
  const id = step.revision.id;
  const parents = map.normalizedDownRevisions(id);
  const changes =
    step.direction === "upgrade"
      ? upgradeChanges(id, parents, heads)
      : downgradeChanges(map, id, parents, heads);
  return { changes, heads: applyVersionChangesTo(heads, changes) };
}

function upgradeChanges(id: string, parents: readonly string[], heads: ReadonlySet<string>): VersionChange[] {
  const parentRows = parents.filter((p) => heads.has(p));
  if (parentRows.length === 0) return [{ kind: "insert", version: id }];
  if (parentRows.length === 1) return [{ kind: "update", from: parentRows[0]!, to: id }];
  // Crossing a merge point: the branches' rows collapse into one.
  const kept = parentRows[parentRows.length - 1]!;
  return [
    ...parentRows.slice(0, -1).map((version): VersionChange => ({ kind: "delete", version })),
    { kind: "update", from: kept, to: id },
  ];
}

function downgradeChanges(
  map: RevisionMap,
  id: string,
  parents: readonly string[],
  heads: ReadonlySet<string>,
): VersionChange[] {
  if (!heads.has(id)) {
    throw new RetortError(`Revision ${id} is not a current head; cannot downgrade it`);
  }
  // A parent another head still descends from stays implied by that head: it gets no row of its own.
  const otherHeads = [...heads].filter((h) => h !== id);
  const implied = otherHeads.length > 0 ? map.ancestors(otherHeads) : new Set<string>();
  const newRows = parents.filter((p) => !implied.has(p));
  if (newRows.length === 0) return [{ kind: "delete", version: id }];
  const kept = newRows[newRows.length - 1]!;
  return [
    ...newRows.slice(0, -1).map((version): VersionChange => ({ kind: "insert", version })),
    { kind: "update", from: id, to: kept },
  ];
}

/** The heads once `changes` are applied to `heads`. */
export function applyVersionChangesTo(
  heads: ReadonlySet<string>,
  changes: readonly VersionChange[],
): Set<string> {
  const next = new Set(heads);
  for (const change of changes) {
    if (change.kind === "insert") next.add(change.version);
    else if (change.kind === "delete") next.delete(change.version);
    else {
      next.delete(change.from);
      next.add(change.to);
    }
  }
  return next;
}

/**
 * The version table's rows as the graph's heads. They differ where a row names the last revision a
 * squash replaces: the head is the squash, while the row keeps its old spelling until a step moves it.
 */
export interface RecordedHeads {
  readonly heads: ReadonlySet<string>;
  /** Head id → the row that stands for it, for each head whose row is spelled otherwise. */
  readonly spelling: Map<string, string>;
}

export function recordedHeads(map: RevisionMap, rows: readonly string[]): RecordedHeads {
  const spelling = new Map<string, string>();
  const heads = new Set<string>();
  for (const row of rows) {
    const id = map.recordedRevision(row);
    heads.add(id);
    if (id !== row) spelling.set(id, row);
  }
  return { heads, spelling };
}

/**
 * `changes` as statements on the table: a row they update or delete is named as the table spells it.
 * Each spelling is used once and then forgotten (`spelling` is changed), since the row it named is gone.
 */
export function asRecorded(
  changes: readonly VersionChange[],
  spelling: Map<string, string>,
): VersionChange[] {
  const stored = (id: string) => {
    const row = spelling.get(id) ?? id;
    spelling.delete(id);
    return row;
  };
  return changes.map((change) => {
    if (change.kind === "delete") return { kind: "delete", version: stored(change.version) };
    if (change.kind === "update") return { kind: "update", from: stored(change.from), to: change.to };
    return change;
  });
}
