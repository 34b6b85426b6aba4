/**
 * One row of `history --graph` between two revision rows: the edges from the lanes above to the lanes
 * below, drawn as `git log --graph` draws them. Lane j is text column 2j; the odd columns between lanes
 * hold the moves:
 *
 *   |      lane j stays lane j            /     lane j moves to j - 1 (at column 2j - 1)
 *   \      lane j moves to j + 1          |_|/  a longer move left runs along the bottom, under the
 *                                               lanes it crosses
 */

/** From lane `from` on the row above to lane `to` on the row below. */
export interface Edge {
  readonly from: number;
  readonly to: number;
}

/**
 * The row's text (trailing spaces trimmed), or undefined when the edges cannot share one row: two of
 * them need the same cell, one moves right by more than one lane, or two go left from one lane (the
 * nearer one would end inside the other's run, unseen). The caller then draws the change in steps
 * that each can (./graph-layout.ts).
 */
export function drawEdges(edges: readonly Edge[]): string | undefined {
  const leftFrom = edges.filter(({ from, to }) => to < from).map(({ from }) => from);
  if (new Set(leftFrom).size < leftFrom.length) return undefined;
  const cells: string[] = [];
  const runs: number[] = [];
  const put = (cell: number, char: string): boolean => {
    const old = cells[cell];
    if (old !== undefined && old !== char) return false;
    cells[cell] = char;
    return true;
  };
  for (const { from, to } of edges) {
    let fits: boolean;
    if (to === from) fits = put(2 * from, "|");
    else if (to === from + 1) fits = put(2 * from + 1, "\\");
    else if (to < from) {
      fits = put(2 * from - 1, "/");
      for (let cell = 2 * to + 1; cell < 2 * from - 1; cell++) runs.push(cell);
    } else fits = false;
    if (!fits) return undefined;
  }
  // A run passes under a lane going straight down (the two cross) but not through another move.
  for (const cell of runs) {
    const old = cells[cell];
    if (old === undefined) cells[cell] = "_";
    else if (old !== "|" && old !== "_") return undefined;
  }
  return Array.from(cells, (char) => char ?? " ")
    .join("")
    .trimEnd();
}
