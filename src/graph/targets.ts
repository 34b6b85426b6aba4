/**
 * The target grammar of `upgrade`, `downgrade` and `history -r`, after Alembic's
 * `_parse_upgrade_target` / `_parse_downgrade_target` / `_walk` (alembic/script/revision.py):
 *
 *   head | heads | base | <id> | <prefix> | <label> | <branch>@head | <branch>@heads
 *   +N | -N            relative to the database's current revision
 *   <rev>+N | <rev>-N  relative to a revision (or `head`)
 *   <branch>@+N        relative, along one branch
 *
 * Relative targets walk the graph one parent (down) or one child (up) per step, and fail when a step
 * has a choice to make ("Ambiguous walk") or runs out of revisions.
 */
import { RetortError } from "../errors.js";
import type { RevisionMap } from "./revision-map.js";

/** Alembic's `_relative_destination`, anchored at both ends. */
const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;

export interface RelativeTarget {
  readonly branch: string | undefined;
  /** The revision (or `head`, `base`...) to count from; undefined means "from the current heads". */
  readonly symbol: string | undefined;
  readonly steps: number;
  /** As written, with its sign: Alembic prints it back in "Relative revision -1 didn't produce ...". */
  readonly text: string;
}

export function parseRelative(target: string): RelativeTarget | undefined {
  const match = RELATIVE.exec(target);
  if (!match) return undefined;
  const [, branch, symbol, text] = match;
  return { branch, symbol, steps: Number.parseInt(text!, 10), text: text! };
}

/** Where a walk stands: a revision, BASE (below every base), or null (nowhere: before the first step). */
export const BASE: unique symbol = Symbol("base");
export type Position = string | typeof BASE | null;

/** Alembic's message; counted from the database's revisions, it also says where the database is. */
function didNotProduce(relative: RelativeTarget, current?: readonly string[]): RetortError {
  const where = current ? ` (the database is at ${current.length > 0 ? current.join(", ") : "<base>"})` : "";
  return new RetortError(
    `Relative revision ${relative.text} didn't produce ${Math.abs(relative.steps)} migrations${where}`,
  );
}

/**
 * Walks `steps` children up (positive) or parents down (negative) from `start`. Returns null when the
 * walk runs off the graph and `noOverwalk` is set; otherwise stops at the last position reached.
 */
export function walk(
  map: RevisionMap,
  start: Position,
  steps: number,
  options: { branch?: string | undefined; noOverwalk?: boolean } = {},
): Position {
  const noOverwalk = options.noOverwalk ?? true;
  let position = start;
  for (let i = 0; i < Math.abs(steps); i++) {
    let next: Position[];
    if (steps > 0) {
      const up = position === null || position === BASE ? map.bases : map.childrenOf(position);
      next = options.branch === undefined ? [...up] : map.filterForLineage(up, options.branch);
    } else if (position === BASE) {
      next = [];
    } else {
      const down = position === null ? map.heads : map.get(position).downRevisions;
      next = down.length === 0 ? [BASE] : [...down];
    }
    if (next.length === 0) return noOverwalk ? null : position;
    if (next.length > 1) throw new RetortError("Ambiguous walk");
    position = next[0]!;
  }
  return position;
}

/** `symbol`, optionally qualified by `branch@`, as a starting position. */
function startOf(map: RevisionMap, symbol: string, branch: string | undefined): Position {
  return map.resolveOne(branch === undefined ? symbol : `${branch}@${symbol}`) ?? null;
}

/**
 * The revisions an upgrade (or a history range) should end at. Relative targets count from
 * `current`, the database's heads. An empty list means "base".
 */
export function parseUpgradeTarget(
  map: RevisionMap,
  current: readonly string[],
  target: string,
  assertRelativeLength = true,
): string[] {
  const relative = parseRelative(target);
  if (!relative) return map.resolveMany(target);
  const { branch, symbol, steps } = relative;
  const noOverwalk = assertRelativeLength;

  if (steps > 0 && symbol === undefined) {
    let starts: Position[] = current.length === 0 ? [null] : [...current];
    if (branch !== undefined) starts = startsOnBranch(map, current, branch);
    if (starts.length > 1) throw new RetortError("Ambiguous upgrade from multiple current revisions");
    const reached = walk(map, starts[0] ?? null, steps, { branch, noOverwalk });
    if (reached === null || reached === BASE) throw didNotProduce(relative, current);
    return [reached];
  }
  // Upgrading to "current - n" is not an upgrade.
  if (symbol === undefined) throw didNotProduce(relative, current);

  const reached =
    steps > 0
      ? walk(map, startOf(map, symbol, undefined), steps, { branch, noOverwalk })
      : walk(map, startOf(map, symbol, branch), steps, { noOverwalk });
  if (reached === null) throw new RetortError("Walked too far");
  return reached === BASE ? [] : [reached];
}

/**
 * Where `<branch>@+N` starts: the current head on that branch or, when the branch is not applied yet,
 * the newest applied revision it grows from (or nothing, to start from its base).
 */
function startsOnBranch(map: RevisionMap, current: readonly string[], branch: string): Position[] {
  const onBranch = map.filterForLineage(current, branch);
  if (onBranch.length > 0) return onBranch;
  const active = map.filterForLineage([...map.ancestors(current)], branch);
  const covered = new Set(active.flatMap((id) => map.normalizedDownRevisions(id)));
  const tips = active.filter((id) => !covered.has(id));
  return tips.length > 0 ? tips : [null];
}

export interface DowngradeTarget {
  /** The branch the downgrade is restricted to, when the target named one (or was relative). */
  readonly branch: string | undefined;
  /** The revision to end at; null for base. */
  readonly revision: string | null;
}

/** The revision a downgrade (or the lower end of a history range) should end at. */
export function parseDowngradeTarget(
  map: RevisionMap,
  current: readonly string[],
  target: string,
  options: { assertRelativeLength?: boolean; warn?: (message: string) => void } = {},
): DowngradeTarget {
  const noOverwalk = options.assertRelativeLength ?? true;
  const relative = parseRelative(target);
  if (!relative) {
    const at = target.lastIndexOf("@");
    const branch = at === -1 ? undefined : target.slice(0, at);
    return { branch, revision: map.resolveOne(target) ?? null };
  }
  const { steps } = relative;
  let { branch, symbol } = relative;

  if (steps >= 0) {
    // Downgrading to "current + n" is not a downgrade.
    if (symbol === undefined) throw didNotProduce(relative, current);
    const reached = walk(map, startOf(map, symbol, undefined), steps, { branch, noOverwalk });
    if (reached === null) throw new RetortError("Walked too far");
    return { branch, revision: reached === BASE ? null : reached };
  }

  const fromCurrent = symbol === undefined;
  if (fromCurrent) {
    if (branch !== undefined) {
      const onBranch = map.filterForLineage(current, branch);
      if (onBranch.length !== 1) throw new RetortError(`Ambiguous downgrade on branch '${branch}'`);
      symbol = onBranch[0]!;
    } else {
      if (current.length === 0) throw didNotProduce(relative, current);
      if (new Set(current).size > 1) {
        options.warn?.(
          "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.",
        );
      }
      symbol = current[0]!;
      // Restrict the downgrade to the branch of the head we walk from.
      branch = symbol;
    }
  }
  const reached = walk(map, startOf(map, symbol!, branch), steps, { noOverwalk });
  if (reached === null)
    throw fromCurrent ? didNotProduce(relative, current) : new RetortError("Walked too far");
  return { branch, revision: reached === BASE ? null : reached };
}
