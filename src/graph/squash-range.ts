/**
 * Which revisions `retort squash <from>:<to>` replaces: those after `<from>` up to and including
 * `<to>`, i.e. the schema at `<from>` to the schema at `<to>` (`base:<to>` from the very start).
 *
 * The run must be one straight line, since the squash takes its place as a single step: no merge point
 * and no branch growing out of the middle (the branch would lose its parent when the files go), and
 * no `dependsOn` into or out of the middle. `<to>` itself may have any children and dependents: they
 * follow the squash afterwards (./squash-view.ts).
 */
import { RetortError } from "../errors.js";
import type { RevisionMap } from "./revision-map.js";

export interface SquashRange {
  /** The revision the squash follows; undefined when it starts at base. */
  readonly from: string | undefined;
  /** The last revision replaced, the one whose schema the squash builds. */
  readonly to: string;
  /**
   * What the squash replaces, oldest first, ending with `to`. A squash inside the range is listed
   * after what it replaced, so that one list says everything the new squash stands in for.
   */
  readonly replaces: readonly string[];
  /** The revisions of the range itself (no earlier squash's replaced ones), oldest first. */
  readonly revisions: readonly string[];
  /** Branch labels of the replaced revisions, which the squash carries on. */
  readonly branchLabels: readonly string[];
}

export function squashRange(map: RevisionMap, range: string): SquashRange {
  const colon = range.indexOf(":");
  if (colon === -1 || range.indexOf(":", colon + 1) !== -1) {
    throw new RetortError(
      `Squash range '${range}' is not <from>:<to> (use base:<to> to start at the beginning)`,
    );
  }
  const from = map.resolveOne(range.slice(0, colon) || "base");
  const to = map.resolveOne(range.slice(colon + 1));
  if (to === undefined) throw new RetortError(`Squash range '${range}' ends at base: nothing to squash`);

  const revisions = straightRunDown(map, from, to, range).reverse();
  if (revisions.length < 2) {
    throw new RetortError(`Squash range '${range}' holds one revision, ${to}: nothing to squash`);
  }
  ensureNothingBranchesFromTheMiddle(map, revisions);
  return {
    from,
    to,
    revisions,
    replaces: revisions.flatMap((id) => [...(map.get(id).replaces ?? []), id]),
    branchLabels: revisions.flatMap((id) => map.get(id).branchLabels ?? []),
  };
}

/** From `to` down its single parents to `from` (exclusive) or to a base, newest first. */
function straightRunDown(map: RevisionMap, from: string | undefined, to: string, range: string): string[] {
  if (from !== undefined && !map.ancestors([to], { includeDependencies: false }).has(from)) {
    throw new RetortError(`Squash range '${range}': ${to} does not descend from ${from}`);
  }
  const run: string[] = [];
  for (let id: string | undefined = to; id !== from; ) {
    const revision = map.get(id!);
    if (revision.downRevisions.length > 1) {
      throw new RetortError(
        `Squash range '${range}' crosses the merge point ${revision.id}; squash the branches ` +
          "before it, or start the range at the merge point",
      );
    }
    if (revision.dependsOn?.length) {
      throw new RetortError(
        `Revision ${revision.id} in squash range '${range}' depends on ${revision.dependsOn.join(", ")}, ` +
          "which a squash cannot carry; start the range after it",
      );
    }
    run.push(revision.id);
    id = revision.downRevisions[0];
  }
  return run;
}

/** A child or dependent outside the range, of any replaced revision but the last, would be orphaned. */
function ensureNothingBranchesFromTheMiddle(map: RevisionMap, revisions: readonly string[]): void {
  const inRange = new Set(revisions);
  const middle = new Set(revisions.slice(0, -1));
  for (const revision of map.revisions) {
    if (inRange.has(revision.id)) continue;
    const parents = [...revision.downRevisions, ...map.dependenciesOf(revision.id)];
    const orphaned = parents.find((id) => middle.has(id));
    if (orphaned !== undefined) {
      throw new RetortError(
        `Revision ${revision.id} grows from ${orphaned}, in the middle of the squash range; end the ` +
          `range at ${orphaned} or before it, or merge that branch first`,
      );
    }
  }
}
