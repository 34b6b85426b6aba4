/**
 * `stamp`: how the version table moves to the given revisions without running any migration, after
 * Alembic's `ScriptDirectory._stamp_revs` and `StampStep` (alembic/script/base.py,
 * alembic/runtime/migration.py). For each destination, only the current heads on its line of history
 * (ancestors or descendants of it, dependencies included) are moved:
 *
 * - `base`: every such head's row is deleted;
 * - a destination that already is a head: nothing;
 * - heads above it (a stamp "down"), or below it (a stamp "up"): they collapse into one row, the
 *   destination (DELETE all but one, UPDATE that one);
 * - no head on its line: a new branch, INSERT.
 *
 * The steps are computed from the heads as they were before the stamp and then applied one after the
 * other, as Alembic's HeadMaintainer does, so `stamp a2 b2` from the branch point inserts the second.
 */
import { RetortError } from "../errors.js";
import type { RevisionMap } from "./revision-map.js";
import { applyVersionChangesTo, asRecorded, recordedHeads, type VersionChange } from "./version-changes.js";

export interface StampStep {
  /** The heads the step moves away from (empty for a new branch). */
  readonly from: readonly string[];
  /** Where they go (empty for base). */
  readonly to: readonly string[];
  readonly direction: "upgrade" | "downgrade";
  /** A new branch (upgrade) or a branch deleted back to base (downgrade). */
  readonly branchMove: boolean;
}

export interface PlannedStamp {
  readonly step: StampStep;
  readonly changes: readonly VersionChange[];
}

/**
 * The steps that take the version table from `rows` to `destinations` (revision identifiers, `head`,
 * `heads`, `<branch>@head`, `base`), each with its version-table changes, in order.
 */
export function stampPlan(
  map: RevisionMap,
  rows: readonly string[],
  destinations: readonly string[],
): PlannedStamp[] {
  const recorded = recordedHeads(map, rows);
  const currentHeads = [...recorded.heads];
  const tokens = destinations.length === 0 ? ["base"] : destinations;

  const onLine = new Set<string>();
  for (const token of tokens) {
    const anchors = lineageAnchors(map, token);
    for (const head of currentHeads) if (sharesLineage(map, head, anchors)) onLine.add(head);
  }
  const filteredHeads = [...onLine];

  const targets = tokens.flatMap((token) => map.resolveMany(token));
  const steps: StampStep[] = [];
  if (targets.length === 0) {
    for (const head of filteredHeads)
      steps.push({ from: [head], to: [], direction: "downgrade", branchMove: true });
  }
  for (const target of new Set(targets)) {
    if (filteredHeads.includes(target)) continue;
    const above = map.descendants([target]);
    const below = map.ancestors([target]);
    if (filteredHeads.some((head) => above.has(head))) {
      steps.push({ from: filteredHeads, to: [target], direction: "downgrade", branchMove: false });
    } else if (filteredHeads.some((head) => below.has(head))) {
      steps.push({ from: filteredHeads, to: [target], direction: "upgrade", branchMove: false });
    } else {
      steps.push({ from: [], to: [target], direction: "upgrade", branchMove: true });
    }
  }

  let heads = recorded.heads;
  return steps.map((step) => {
    const changes = stampChanges(step, heads);
    heads = applyVersionChangesTo(heads, changes);
    return { step, changes: asRecorded(changes, recorded.spelling) };
  });
}

/** Alembic's `HeadMaintainer.update_to_step` for a StampStep. */
function stampChanges(step: StampStep, heads: ReadonlySet<string>): VersionChange[] {
  const { from, to } = step;
  if (step.direction === "downgrade" && step.branchMove) return [{ kind: "delete", version: only(from) }];
  const createsBranch =
    step.direction === "upgrade" &&
    (step.branchMove || from.some((id) => !heads.has(id))) &&
    to.some((id) => !heads.has(id));
  if (createsBranch) return [{ kind: "insert", version: only(to) }];
  if (from.length > 1) {
    return [
      ...from.slice(0, -1).map((version): VersionChange => ({ kind: "delete", version })),
      { kind: "update", from: from[from.length - 1]!, to: to[0]! },
    ];
  }
  return [{ kind: "update", from: only(from), to: only(to) }];
}

/** What a destination's line of history is measured against: its branch and the revisions it names. */
function lineageAnchors(map: RevisionMap, token: string): string[] {
  const at = token.indexOf("@");
  const branch = at === -1 ? [] : [map.resolveBranch(token.slice(0, at))];
  return [...branch, ...map.resolveMany(token)];
}

/** Whether `id` is an ancestor or a descendant of one of `anchors` (all of them when there are none). */
function sharesLineage(map: RevisionMap, id: string, anchors: readonly string[]): boolean {
  if (anchors.length === 0) return true;
  const lineage = map.ancestors([id]);
  for (const descendant of map.descendants([id])) lineage.add(descendant);
  return anchors.some((anchor) => lineage.has(anchor));
}

function only(ids: readonly string[]): string {
  if (ids.length !== 1) throw new RetortError(`Internal error: expected one revision, got ${ids.join(", ")}`);
  return ids[0]!;
}
