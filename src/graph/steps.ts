/**
 * Which revisions to run, and in which order, to go from the database's current heads to a target
 * (Alembic's `_collect_upgrade_revisions` / `_collect_downgrade_revisions`):
 * - upgrade: the target and its ancestors, minus what is already applied, oldest first;
 * - downgrade: the applied revisions that are not the target or its ancestors, newest first.
 */
import { RetortError } from "../errors.js";
import type { Revision, RevisionMap } from "./revision-map.js";
import { parseDowngradeTarget, parseRelative, parseUpgradeTarget } from "./targets.js";

export type Direction = "upgrade" | "downgrade";

export interface MigrationStep {
  readonly direction: Direction;
  readonly revision: Revision;
  /** The versions before and after the step, as the progress line prints them (dependencies left out). */
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export function stepFor(map: RevisionMap, id: string, direction: Direction): MigrationStep {
  const revision = map.get(id);
  return direction === "upgrade"
    ? { direction, revision, from: revision.downRevisions, to: [id] }
    : { direction, revision, from: [id], to: revision.downRevisions };
}

/** The steps `upgrade <target>` runs from `current` (the version table's rows), in order. */
export function upgradeSteps(map: RevisionMap, current: readonly string[], target: string): MigrationStep[] {
  const heads = current.map((row) => map.recordedRevision(row));
  const targets = parseUpgradeTarget(map, heads, target);
  ensureNoOverlap(map, targets);
  const required = map.ancestors(targets);
  const applied = map.ancestors(heads);
  const needed = [...required].filter((id) => !applied.has(id));
  return map
    .topologicalSort(needed, targets)
    .reverse()
    .map((id) => stepFor(map, id, "upgrade"));
}

/** The steps `downgrade <target>` runs from `current` (the version table's rows), in order. */
export function downgradeSteps(
  map: RevisionMap,
  current: readonly string[],
  target: string,
  options: { warn?: (message: string) => void } = {},
): MigrationStep[] {
  const heads = current.map((row) => map.recordedRevision(row));
  const { branch, revision } = parseDowngradeTarget(map, heads, target, { warn: options.warn });

  // The revisions whose removal reaches the target: everything above it.
  let roots = revision === null ? [...map.bases] : [...map.childrenOf(revision)];
  if (branch !== undefined && roots.length > 1) {
    const onBranch = map.ancestors([map.resolveBranch(branch)], { includeDependencies: false });
    roots = roots.filter((id) => onBranch.has(id));
    if (roots.length === 0) throw new RetortError("Not a valid downgrade target from current heads");
  }
  const applied = map.ancestors(heads);
  const toRemove = [...map.descendants(roots)].filter((id) => applied.has(id));
  if (revision !== null && toRemove.length === 0 && !heads.includes(revision)) {
    throw new RetortError(`Destination ${target} is not a valid downgrade target from current head(s)`);
  }
  return map.topologicalSort(toRemove, heads).map((id) => stepFor(map, id, "downgrade"));
}

/** Alembic's `check=True`: `upgrade a b` where a is an ancestor of b names the same line twice. */
function ensureNoOverlap(map: RevisionMap, targets: readonly string[]): void {
  for (const target of targets) {
    const overlaps = [...map.ancestors([target])].filter((id) => id !== target && targets.includes(id));
    if (overlaps.length > 0) {
      throw new RetortError(
        `Requested revision ${target} overlaps with other requested revisions ${overlaps.join(", ")}`,
      );
    }
  }
}

export interface HistoryRange {
  /** Lower end, inclusive: a target, or the current heads already resolved. Default `base`. */
  readonly lower?: string | readonly string[];
  /** Upper end, inclusive. Default `heads`. */
  readonly upper?: string | readonly string[];
}

/**
 * The revisions `history -r lower:upper` lists, newest first (Alembic's `walk_revisions`). A relative
 * lower end (`-3:`) counts down from the upper end.
 */
export function historyRevisions(map: RevisionMap, range: HistoryRange = {}): string[] {
  const lower = range.lower ?? "base";
  const upper = range.upper ?? "heads";
  const rangeText = `${display(lower)}:${display(upper)}`;
  const lowerIsRelative = typeof lower === "string" && parseRelative(lower) !== undefined;
  let lowerIds: string[] = lowerIsRelative ? [] : resolveAll(map, lower);

  const targets =
    typeof upper === "string"
      ? parseUpgradeTarget(map, lowerIds, upper, false)
      : upper.map((id) => map.lookup(id));
  const required = map.ancestors(targets);

  if (lowerIsRelative) {
    const { revision } = parseDowngradeTarget(map, targets, lower as string, { assertRelativeLength: false });
    lowerIds = revision === null ? [] : [revision];
  }
  if (lowerIds.some((id) => !required.has(id))) {
    throw new RetortError(
      `Requested range ${rangeText} does not refer to ancestor/descendant revisions along the same branch`,
    );
  }
  const belowLower = map.ancestors(lowerIds);
  for (const id of lowerIds) belowLower.delete(id);
  let wanted = [...required].filter((id) => !belowLower.has(id));
  if (lowerIds.length > 0) {
    const aboveLower = map.descendants(lowerIds, { includeDependencies: false });
    wanted = wanted.filter((id) => aboveLower.has(id));
  }
  return map.topologicalSort(wanted, targets);
}

function resolveAll(map: RevisionMap, identifier: string | readonly string[]): string[] {
  return typeof identifier === "string"
    ? map.resolveMany(identifier)
    : identifier.map((id) => map.lookup(id));
}

function display(end: string | readonly string[]): string {
  return typeof end === "string" ? end : end.join(",");
}
