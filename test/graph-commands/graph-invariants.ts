/**
 * What any `history --graph` drawing must hold, checked on its text alone, so a drawing too long to
 * compare whole (1000 revisions) is still checked: one revision per row and every revision once, each
 * before its parents; the lines read back from the picture join each revision to exactly its parents;
 * on each revision's row, one lane per branch open there (the distinct parents of the revisions above
 * not drawn yet, and the revision itself); and no row wider than `maxLanes`.
 */
import type { GraphRevision } from "./graph-fixtures.js";

export interface GraphCheck {
  /** Each broken rule, with the row it broke on; empty when the drawing holds them all. */
  readonly problems: string[];
  /** The widest row, in lanes. */
  readonly lanes: number;
}

export function checkGraph(
  lines: readonly string[],
  revisions: readonly GraphRevision[],
  maxLanes: number,
): GraphCheck {
  const parentsOf = new Map(
    revisions.map((r) => [r.id, r.down === null ? [] : typeof r.down === "string" ? [r.down] : r.down]),
  );
  const problems: string[] = [];
  const drawn = new Set<string>();
  const open = new Set<string>();
  let widest = 0;
  // Per lane, the revisions whose line to a parent runs down it, read from the picture.
  let carried: Set<string>[] = [];
  const children = new Map<string, Set<string>>();
  for (const [index, line] of lines.entries()) {
    const at = `row ${index + 1} '${line}'`;
    const graph = /^[ *|/\\_]*/.exec(line)![0].trimEnd();
    // Lane j is column 2j; a move between lanes j and j + 1 is column 2j + 1.
    const lanes = graph === "" ? 0 : Math.floor((graph.length - 1) / 2) + 1;
    widest = Math.max(widest, lanes);
    if (lanes > maxLanes) problems.push(`${at}: ${lanes} lanes, more than ${maxLanes}`);
    const stars = [...graph].filter((c) => c === "*").length;
    if (stars === 0) {
      if (graph !== line.trimEnd()) problems.push(`${at}: text on a row with no revision`);
      carried = followEdges(graph, carried);
      continue;
    }
    const id = line.slice(graph.length + 1).split(/[ ,]/)[0]!;
    if (stars > 1) problems.push(`${at}: ${stars} revisions`);
    if (!parentsOf.has(id)) {
      problems.push(`${at}: not a revision`);
      continue;
    }
    if (drawn.has(id)) problems.push(`${at}: ${id} drawn twice`);
    for (const parent of parentsOf.get(id)!) {
      if (drawn.has(parent)) problems.push(`${at}: ${id} drawn below its parent ${parent}`);
    }
    const branches = new Set([...open, id]).size;
    const laneCount = [...graph].filter((c) => c === "*" || c === "|").length;
    if (laneCount !== branches) problems.push(`${at}: ${laneCount} lanes, ${branches} open branches`);
    const column = graph.indexOf("*") / 2;
    children.set(id, carried[column] ?? new Set());
    carried = Array.from({ length: lanes }, (_, j) =>
      j === column ? new Set([id]) : (carried[j] ?? new Set()),
    );
    drawn.add(id);
    open.delete(id);
    for (const parent of parentsOf.get(id)!) open.add(parent);
  }
  const missing = revisions.filter((r) => !drawn.has(r.id)).map((r) => r.id);
  if (missing.length > 0) problems.push(`not drawn: ${missing.join(", ")}`);
  for (const [id, drawnChildren] of children) {
    const actual = revisions.filter((r) => parentsOf.get(r.id)!.includes(id)).map((r) => r.id);
    const shown = [...drawnChildren].sort();
    if (shown.join() !== actual.sort().join()) {
      problems.push(
        `${id}: lines from ${shown.join(", ") || "nothing"}, children ${actual.join(", ") || "none"}`,
      );
    }
  }
  return { problems, lanes: widest };
}

/**
 * The lanes below a row of edges: `|` keeps a lane, `\` moves it one right, `/` one left or, with a
 * run of `_` before it, as far left as the run goes.
 */
function followEdges(graph: string, above: readonly Set<string>[]): Set<string>[] {
  const below: Set<string>[] = [];
  const add = (lane: number, from: number) => {
    below[lane] ??= new Set();
    for (const id of above[from] ?? []) below[lane].add(id);
  };
  [...graph].forEach((char, cell) => {
    if (char === "|") add(cell / 2, cell / 2);
    else if (char === "\\") add((cell + 1) / 2, (cell - 1) / 2);
    else if (char === "/") {
      let end = cell - 1;
      while (graph[end - 1] === "_") end -= 2;
      add(end / 2, (cell + 1) / 2);
    }
  });
  return Array.from(below, (lane) => lane ?? new Set());
}
