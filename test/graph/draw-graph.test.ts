/**
 * `history --graph` from literal revisions: the edge rows (graph-edges), the lanes of shapes the
 * fixture graphs of test/graph-commands do not have (several children, an octopus merge, criss-cross
 * merges, a merge whose parent a lane to the right waits for, unrelated roots, a range), the text of a
 * row, random histories read back from their picture, and a 1000-revision history with long-lived
 * branches checked for its invariants and timed.
 * The five fixture shapes are drawn through the built CLI in test/graph-commands/graph-cli.test.ts.
 */
import { describe, expect, test } from "vitest";
import { drawGraph } from "../../src/graph/draw-graph.js";
import { drawEdges } from "../../src/graph/graph-edges.js";
import { type Revision, RevisionMap } from "../../src/graph/revision-map.js";
import { historyRevisions } from "../../src/graph/steps.js";
import { type GraphRevision, longLivedBranches } from "../graph-commands/graph-fixtures.js";
import { checkGraph } from "../graph-commands/graph-invariants.js";

function rev(id: string, down: string | string[] | null, extra: Partial<Revision> = {}): Revision {
  const downRevisions = down === null ? [] : typeof down === "string" ? [down] : down;
  return { id, downRevisions, message: `m ${id}`, ...extra };
}

function revisionOf(r: GraphRevision): Revision {
  return rev(r.id, r.down === null ? null : typeof r.down === "string" ? r.down : [...r.down], {
    message: r.message,
    ...(r.branchLabels ? { branchLabels: r.branchLabels } : {}),
    ...(r.dependsOn ? { dependsOn: r.dependsOn } : {}),
  });
}

/** The drawing `history --graph [-r range]` prints for these revisions. */
function draw(revisions: Revision[], range: Parameters<typeof historyRevisions>[1] = {}): string {
  const map = new RevisionMap(revisions);
  return drawGraph(map, historyRevisions(map, range)).join("\n");
}

describe("edge rows", () => {
  test.for([
    {
      name: "straight down",
      edges: [
        [0, 0],
        [1, 1],
      ],
      row: "| |",
    },
    {
      name: "a lane joins the one on its left",
      edges: [
        [0, 0],
        [1, 0],
      ],
      row: "|/",
    },
    {
      name: "a merge opens a lane",
      edges: [
        [0, 0],
        [0, 1],
        [1, 2],
      ],
      row: "|\\ \\",
    },
    {
      name: "a long move runs under the lanes it crosses",
      edges: [
        [0, 0],
        [1, 1],
        [2, 0],
      ],
      row: "|_|/",
    },
    {
      name: "a lane ends; the ones right of it close the gap",
      edges: [
        [0, 0],
        [2, 1],
      ],
      row: "|  /",
    },
    {
      name: "two moves in one cell",
      edges: [
        [0, 1],
        [1, 0],
      ],
      row: undefined,
    },
    {
      name: "a run through another move",
      edges: [
        [0, 0],
        [1, 0],
        [3, 0],
      ],
      row: undefined,
    },
    { name: "right by two lanes", edges: [[0, 2]], row: undefined },
  ])("$name", ({ edges, row }) => {
    expect(drawEdges(edges.map(([from, to]) => ({ from: from!, to: to! })))).toBe(row);
  });
});

describe("lanes", () => {
  test("three children of one branch point join it one after another", () => {
    expect(draw([rev("r0", null), rev("a1", "r0"), rev("b1", "r0"), rev("c1", "r0")])).toBe(
      [
        "* a1 (head), m a1",
        "| * b1 (head), m b1",
        "|/",
        "| * c1 (head), m c1",
        "|/",
        "* r0 (branchpoint), m r0",
      ].join("\n"),
    );
  });

  test("an octopus merge opens its lanes one at a time, in the parents' order", () => {
    expect(
      draw([
        rev("r0", null),
        rev("a1", "r0"),
        rev("b1", "r0"),
        rev("c1", "r0"),
        rev("m9", ["a1", "b1", "c1"]),
      ]),
    ).toBe(
      [
        "* m9 (head) (mergepoint), m m9",
        "|\\",
        "|\\ \\",
        "* | | a1, m a1",
        "| * | b1, m b1",
        "|/ /",
        "| * c1, m c1",
        "|/",
        "* r0 (branchpoint), m r0",
      ].join("\n"),
    );
  });

  test("criss-cross merges: edges to two lanes on the left take a row each", () => {
    expect(
      draw([
        rev("r0", null),
        rev("a1", "r0"),
        rev("b1", "r0"),
        rev("m1", ["a1", "b1"]),
        rev("m2", ["b1", "a1"]),
      ]),
    ).toBe(
      [
        "* m1 (head) (mergepoint), m m1",
        "|\\",
        "| | * m2 (head) (mergepoint), m m2",
        "|_|/|",
        "| |/",
        "* | a1 (branchpoint), m a1",
        "| * b1 (branchpoint), m b1",
        "|/",
        "* r0 (branchpoint), m r0",
      ].join("\n"),
    );
  });

  test("a merge whose parent a lane on its left already waits for: an edge to that lane", () => {
    // b2's lane waits for b1 when m9 (a1 + b1) is drawn.
    expect(
      draw([rev("r0", null), rev("a1", "r0"), rev("b1", "r0"), rev("b2", "b1"), rev("m9", ["a1", "b1"])]),
    ).toBe(
      [
        "* b2 (head), m b2",
        "| * m9 (head) (mergepoint), m m9",
        "|/|",
        "| * a1, m a1",
        "* | b1 (branchpoint), m b1",
        "|/",
        "* r0 (branchpoint), m r0",
      ].join("\n"),
    );
  });

  test("a merge that opens a lane while a lane further right joins it: two rows", () => {
    // When m9 (a1 + b1) is drawn, lane 1 waits for x1 and lane 2 for b1: b1's new lane pushes x1's
    // right while b1's old lane moves left, which one row cannot show.
    const map = new RevisionMap([
      rev("r0", null),
      rev("a1", "r0"),
      rev("b1", "r0"),
      rev("b2", "b1"),
      rev("m9", ["a1", "b1"]),
      rev("top", "m9"),
      rev("x0", null),
      rev("x1", "x0"),
      rev("y2", "x1"),
    ]);
    expect(drawGraph(map, ["top", "y2", "b2", "m9", "a1", "x1", "b1", "r0", "x0"])).toEqual([
      "* top (head), m top",
      "| * y2 (head), m y2",
      "| | * b2 (head), m b2",
      "* | | m9 (mergepoint), m m9",
      "|\\ \\ \\",
      "| |_|/",
      "* | | a1, m a1",
      "| | * x1, m x1",
      "| * | b1 (branchpoint), m b1",
      "|/ /",
      "* | r0 (branchpoint), m r0",
      " /",
      "* x0, m x0",
    ]);
  });

  test("unrelated roots are kept apart by a gap row", () => {
    expect(draw([rev("a1", null), rev("a2", "a1"), rev("b1", null), rev("b2", "b1")])).toBe(
      ["* a2 (head), m a2", "* a1, m a1", "", "* b2 (head), m b2", "* b1, m b1"].join("\n"),
    );
  });

  test("a lane whose parent is below the range ends there", () => {
    const revisions = [rev("r0", null), rev("a1", "r0"), rev("a2", "a1"), rev("b1", "r0")];
    expect(draw(revisions, { lower: "a1" })).toBe(["* a2 (head), m a2", "* a1, m a1"].join("\n"));
  });
});

describe("the text of a row", () => {
  test("labels, head, current, branch and merge points, dependencies, then the message", () => {
    const map = new RevisionMap([
      rev("r0", null, { branchLabels: ["core"] }),
      rev("a1", "r0"),
      rev("b1", "r0"),
      rev("x1", null, { message: "" }),
      rev("m9", ["a1", "b1"], { dependsOn: ["x1"], message: "merge" }),
    ]);
    expect(drawGraph(map, historyRevisions(map), { current: new Set(["m9"]) })).toEqual([
      "* m9 (core) (head) (current) (mergepoint) (depends on x1), merge",
      "|\\",
      "* | a1 (core), m a1",
      "| * b1 (core), m b1",
      "|/",
      "* r0 (core) (branchpoint), m r0",
      "",
      "* x1 (effective head)",
    ]);
  });
});

test("random histories: the picture reads back as the graph, whatever the shape", () => {
  // A fixed seed, so a failure comes back on the next run.
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let history = 0; history < 500; history++) {
    const revisions: GraphRevision[] = [];
    const size = 2 + Math.floor(random() * 30);
    for (let i = 0; i < size; i++) {
      // Mostly one parent; some roots, merges of two and of three.
      const count = i === 0 || random() < 0.1 ? 0 : random() < 0.25 ? (random() < 0.2 ? 3 : 2) : 1;
      const parents = [
        ...new Set(Array.from({ length: count }, () => revisions[Math.floor(random() * i)]!.id)),
      ];
      const down = parents.length === 0 ? null : parents.length === 1 ? parents[0]! : parents;
      revisions.push({ id: `r${String(i).padStart(3, "0")}`, down, message: "m" });
    }
    // In a shuffled file order, which decides the order of the heads.
    const map = new RevisionMap([...revisions].sort(() => random() - 0.5).map(revisionOf));
    const lines = drawGraph(map, historyRevisions(map));
    expect(checkGraph(lines, revisions, size).problems, lines.join("\n")).toEqual([]);
  }
});

test("the checks notice a picture that joins the wrong revisions", () => {
  const revisions: GraphRevision[] = [
    { id: "r0", down: null, message: "m" },
    { id: "a1", down: "r0", message: "m" },
    { id: "b1", down: "r0", message: "m" },
  ];
  const lines = drawGraph(new RevisionMap(revisions.map(revisionOf)), ["a1", "b1", "r0"]);
  expect(checkGraph(lines, revisions, 2).problems).toEqual([]);
  const wrong = lines.map((line) => (line === "|/" ? "| |" : line));
  expect(checkGraph(wrong, revisions, 2).problems).toEqual(["r0: lines from a1, children a1, b1"]);
});

describe("1000 revisions on four long-lived branches", () => {
  const history = longLivedBranches(1000);
  const map = new RevisionMap(history.revisions.map(revisionOf));

  test("every revision once, one per row, one lane per open branch, at most two per long-lived branch", () => {
    const lines = drawGraph(map, historyRevisions(map));
    const { problems, lanes } = checkGraph(lines, history.revisions, history.openBranches);
    expect(problems).toEqual([]);
    // Side by side, not one after another: the drawing does show the branches in parallel.
    expect(lanes).toBeGreaterThanOrEqual(history.branches.length);
  });

  test("drawn in well under a second", () => {
    const ids = historyRevisions(map);
    const started = performance.now();
    for (let run = 0; run < 10; run++) drawGraph(map, ids);
    const perDrawing = (performance.now() - started) / 10;
    // Typically 5-10 ms; the bound leaves room for a loaded machine.
    expect(perDrawing).toBeLessThan(250);
  });
});
