/**
 * The lanes of `history --graph`: given revisions newest first (every revision before its parents) and
 * their parents, one row per revision with `*` in its lane and `|` in the others, and between them the
 * rows that move lanes (./graph-edges.ts). Pure and text-free, so layouts are tested with literal ids.
 *
 * A lane waits for one revision: the parent of the revision drawn above it. After a revision is drawn,
 * its lane waits for its parents in its place (git's rule, so the drawing reads like `git log --graph`):
 * - a parent a lane further left already waits for is joined by an edge to that lane;
 * - of the others, the first keeps the lane, each further one opens a lane just right of it (a merge);
 * - a lane further right that waits for one of them joins that lane (the parent is a branch point);
 * - a revision with no parent to draw ends its lane, and the lanes right of it close the gap.
 * No two lanes ever wait for the same revision, so the number of lanes on a row is the number of
 * branches open there, whatever the length of the history.
 */
import { drawEdges, type Edge } from "./graph-edges.js";

/** A revision's row, or (`revision` undefined) a row of edges or a gap between unrelated histories. */
export interface GraphRow {
  readonly revision?: string;
  readonly graph: string;
}

/**
 * `order`: the revisions to draw, newest first. Parents not in `order` (below a `history -r` range) are
 * left out: a lane whose revision has none ends there.
 */
export function layoutGraph(
  order: readonly string[],
  parentsOf: (id: string) => readonly string[],
): GraphRow[] {
  const drawn = new Set(order);
  const rows: GraphRow[] = [];
  let lanes: string[] = [];
  for (const id of order) {
    let column = lanes.indexOf(id);
    if (column === -1) {
      column = lanes.length;
      // A head starting in the column where a root just ended would read as that root's child.
      const above = rows.at(-1)?.graph ?? "";
      if ((above[2 * column] ?? " ") !== " ") rows.push({ graph: lanes.map(() => "|").join(" ") });
      lanes.push(id);
    }
    rows.push({ revision: id, graph: lanes.map((_, j) => (j === column ? "*" : "|")).join(" ") });
    const parents = [...new Set(parentsOf(id))].filter((parent) => drawn.has(parent));
    const next = lanesAfter(lanes, column, parents);
    rows.push(...edgeRows(lanes, column, parents, next));
    lanes = next;
  }
  return rows;
}

/** The lanes below the revision in lane `column`: left lanes, its parents no left lane waits for, right lanes. */
function lanesAfter(lanes: readonly string[], column: number, parents: readonly string[]): string[] {
  const left = lanes.slice(0, column);
  const kept = parents.filter((parent) => !left.includes(parent));
  const right = lanes.slice(column + 1).filter((id) => !kept.includes(id));
  return [...left, ...kept, ...right];
}

/** The rows from `lanes` (revision drawn in `column`) to `next`: none, one, or one per step. */
function edgeRows(
  lanes: readonly string[],
  column: number,
  parents: readonly string[],
  next: readonly string[],
): GraphRow[] {
  const edges: Edge[] = lanes.flatMap((id, from) =>
    from === column
      ? parents.map((parent) => ({ from, to: next.indexOf(parent) }))
      : [{ from, to: next.indexOf(id) }],
  );
  if (edges.every(({ from, to }) => from === to)) return [];
  const row = drawEdges(edges);
  return row !== undefined ? [{ graph: row }] : steppedRows(lanes, column, parents, next);
}

/**
 * The same change as rows that each draw: the edges to lanes on the revision's left but one, a row
 * each; the merge's extra lanes opened one at a time (the lanes to their right stepping right); then
 * the revision's lane ended, or each right lane that waits for one of its parents joined to it, one at
 * a time (the lanes to its right stepping left).
 */
function steppedRows(
  lanes: readonly string[],
  column: number,
  parents: readonly string[],
  next: readonly string[],
): GraphRow[] {
  const rows: GraphRow[] = [];
  const row = (edges: Edge[]) => {
    const graph = drawEdges(edges);
    if (graph === undefined) throw new Error(`Internal error: cannot draw ${JSON.stringify(edges)}`);
    rows.push({ graph });
  };
  const current = [...lanes];
  const kept = parents.filter((parent) => !lanes.slice(0, column).includes(parent));
  // Edges from the revision to lanes on its left, farthest first.
  let toLeft: Edge[] = parents
    .map((parent) => ({ from: column, to: lanes.indexOf(parent) }))
    .filter(({ to }) => to !== -1 && to < column)
    .sort((a, b) => a.to - b.to);
  const straight = (count: number) => Array.from({ length: count }, (_, j) => ({ from: j, to: j }));
  // One row each, the revision's lane going on down beside them; the last one goes with the first step.
  while (toLeft.length > 1) row([...straight(lanes.length), toLeft.shift()!]);

  if (kept.length === 0) {
    // The lane ends; the lanes to its right close the gap.
    row([
      ...straight(column),
      ...toLeft,
      ...current.slice(column + 1).map((_, k) => ({ from: column + 1 + k, to: column + k })),
    ]);
    current.splice(column, 1);
  } else {
    current[column] = kept[0]!;
    // Opened right to left, so that they end up in the parents' order.
    for (const parent of kept.slice(1).reverse()) {
      row([
        ...straight(column + 1),
        ...toLeft,
        { from: column, to: column + 1 },
        ...current.slice(column + 1).map((_, k) => ({ from: column + 1 + k, to: column + 2 + k })),
      ]);
      toLeft = [];
      current.splice(column + 1, 0, parent);
    }
    if (toLeft.length > 0) row([...straight(current.length), ...toLeft]);
    for (;;) {
      const from = current.findIndex((id, j) => j > column && current.indexOf(id) < j);
      if (from === -1) break;
      const to = current.indexOf(current[from]!);
      row([
        ...straight(from),
        { from, to },
        ...current.slice(from + 1).map((_, k) => ({ from: from + 1 + k, to: from + k })),
      ]);
      current.splice(from, 1);
    }
  }
  if (current.join("\n") !== next.join("\n")) {
    throw new Error(`Internal error: graph lanes ${current.join(",")} are not ${next.join(",")}`);
  }
  return rows;
}
