/**
 * The revision graph, built from literal revisions (as Alembic's tests/test_revision.py does): shape
 * queries, target resolution, upgrade/downgrade steps, version-table changes, history ranges, the
 * printed formats, and the errors with Alembic's exact wording.
 */
import { describe, expect, test } from "vitest";
import { formatLogEntry, formatOneLine } from "../../src/graph/format-revision.js";
import { type Revision, RevisionMap } from "../../src/graph/revision-map.js";
import { downgradeSteps, historyRevisions, upgradeSteps } from "../../src/graph/steps.js";
import { versionChangesFor } from "../../src/graph/version-changes.js";

function rev(id: string, down: string | string[] | null, extra: Partial<Revision> = {}): Revision {
  const downRevisions = down === null ? [] : typeof down === "string" ? [down] : down;
  return { id, downRevisions, message: `message ${id}`, path: `/m/${id}.ts`, ...extra };
}

/** a1 -> b2 -> c3 */
const linear = () => new RevisionMap([rev("a1", null), rev("b2", "a1"), rev("c3", "b2")]);

/** r0 -> a1 -> a2 and r0 -> b1 -> b2: a branch point, two heads. */
const branched = () =>
  new RevisionMap([rev("r0", null), rev("a1", "r0"), rev("a2", "a1"), rev("b1", "r0"), rev("b2", "b1")]);

/** r0 -> a1, r0 -> b1, and m9 merging a1 and b1. */
const merged = () =>
  new RevisionMap([rev("r0", null), rev("a1", "r0"), rev("b1", "r0"), rev("m9", ["a1", "b1"])]);

const MULTIPLE_HEADS =
  "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, " +
  "'<branchname>@head' to narrow to a specific head, or 'heads' for all heads";

describe("shape", () => {
  test.for([
    { name: "linear", map: linear, heads: ["c3"], bases: ["a1"] },
    { name: "two heads", map: branched, heads: ["a2", "b2"], bases: ["r0"] },
    { name: "merge", map: merged, heads: ["m9"], bases: ["r0"] },
    { name: "empty", map: () => new RevisionMap([]), heads: [], bases: [] },
    {
      name: "two bases (a forest)",
      map: () => new RevisionMap([rev("x1", null), rev("y1", null), rev("x2", "x1")]),
      heads: ["y1", "x2"],
      bases: ["x1", "y1"],
    },
  ])("$name: heads and bases", ({ map, heads, bases }) => {
    const graph = map();
    expect(graph.heads).toEqual(heads);
    expect(graph.bases).toEqual(bases);
  });

  test("parents, children, branch and merge points", () => {
    const graph = merged();
    expect(graph.childrenOf("r0")).toEqual(["a1", "b1"]);
    expect(graph.get("m9").downRevisions).toEqual(["a1", "b1"]);
    expect(graph.isBranchPoint("r0")).toBe(true);
    expect(graph.isMergePoint("m9")).toBe(true);
    expect([...graph.ancestors(["m9"])].sort()).toEqual(["a1", "b1", "m9", "r0"]);
    expect([...graph.descendants(["a1"])].sort()).toEqual(["a1", "m9"]);
  });

  test("a revision that only others depend on is a head but not a real head", () => {
    const graph = new RevisionMap([rev("a1", null), rev("x1", null), rev("a2", "a1", { dependsOn: ["x1"] })]);
    expect(graph.heads).toEqual(["x1", "a2"]);
    expect(graph.realHeads).toEqual(["a2"]);
    expect(formatOneLine(graph, "x1")).toBe("x1 (effective head)");
  });

  test("a branch label covers the labelled revision, its descendants and its ancestors up to the branch point", () => {
    const graph = new RevisionMap([
      rev("r0", null),
      rev("a1", "r0"),
      rev("n1", "r0"),
      rev("n2", "n1", { branchLabels: ["networking"] }),
      rev("n3", "n2"),
    ]);
    expect(graph.branchLabelsOf("n1")).toEqual(["networking"]);
    expect(graph.branchLabelsOf("n3")).toEqual(["networking"]);
    expect(graph.branchLabelsOf("r0")).toEqual([]);
    expect(graph.branchLabelsOf("a1")).toEqual([]);
    expect(graph.resolveOne("networking")).toBe("n2");
    expect(graph.resolveOne("networking@head")).toBe("n3");
  });
});

describe("construction errors", () => {
  test.for([
    {
      name: "a cycle",
      revisions: [rev("a1", null), rev("b2", ["a1", "c3"]), rev("c3", "b2"), rev("d4", "a1")],
      message: "Cycle is detected in revisions (b2, c3)",
    },
    {
      name: "a cycle with no base",
      revisions: [rev("a1", "b2"), rev("b2", "a1")],
      message: "Cycle is detected in revisions (a1, b2)",
    },
    { name: "a self-loop", revisions: [rev("a1", "a1")], message: "Self-loop is detected in revisions (a1)" },
    {
      name: "a dependency cycle",
      revisions: [
        rev("a1", null),
        rev("a2", "a1", { dependsOn: ["b2"] }),
        rev("b1", null),
        rev("b2", "b1", { dependsOn: ["a2"] }),
      ],
      // No real head is left, so (as in Alembic) every revision is named.
      message: "Dependency cycle is detected in revisions (a1, a2, b1, b2)",
    },
    {
      name: "a missing parent, naming the file",
      revisions: [rev("a1", null), rev("b2", "zz9")],
      message: "Revision zz9 referenced from b2 (/m/b2.ts) is not present",
    },
    {
      name: "a missing dependency",
      revisions: [rev("a1", null, { dependsOn: ["nope"] })],
      message: "Revision nope referenced from a1 (/m/a1.ts) is not present",
    },
    {
      name: "a duplicate id, naming both files",
      revisions: [rev("a1", null), { ...rev("a1", null), path: "/m/copy.ts" }],
      message: "Revision a1 is present more than once: /m/a1.ts, /m/copy.ts",
    },
    {
      name: "characters reserved by the target grammar",
      revisions: [rev("a-1+", null)],
      message: "Character(s) '+, -' not allowed in revision identifier 'a-1+' (/m/a-1+.ts)",
    },
    {
      name: "a branch label used twice",
      revisions: [rev("a1", null, { branchLabels: ["x"] }), rev("b1", null, { branchLabels: ["x"] })],
      message: "Branch name 'x' in revision b1 already used by revision a1",
    },
  ])("$name", ({ revisions, message }) => {
    expect(() => new RevisionMap(revisions)).toThrow(message);
  });
});

describe("resolving identifiers", () => {
  const prefixes = () =>
    new RevisionMap([rev("abc111", null), rev("abc222", "abc111"), rev("def333", "abc222")]);

  test.for([
    { name: "head", map: linear, id: "head", expected: "c3" },
    { name: "base", map: linear, id: "base", expected: undefined },
    { name: "a full id", map: linear, id: "b2", expected: "b2" },
    { name: "a unique prefix", map: prefixes, id: "abc2", expected: "abc222" },
    { name: "a one-character unique prefix", map: prefixes, id: "d", expected: "def333" },
  ])("$name", ({ map, id, expected }) => {
    expect(map().resolveOne(id)).toBe(expected);
  });

  test.for([
    { name: "an unknown id", map: linear, id: "zzz", message: "Can't locate revision identified by 'zzz'" },
    {
      name: "an ambiguous prefix, listing the candidates",
      map: prefixes,
      id: "abc",
      message:
        "Can't locate revision identified by 'abc'; multiple revisions start with 'abc': 'abc111', 'abc222'",
    },
    { name: "head with two heads", map: branched, id: "head", message: MULTIPLE_HEADS },
  ])("$name fails", ({ map, id, message }) => {
    expect(() => map().resolveOne(id)).toThrow(message);
  });

  test("heads gives every head", () => {
    expect(branched().resolveMany("heads")).toEqual(["a2", "b2"]);
  });
});

interface StepCase {
  name: string;
  map: () => RevisionMap;
  current: string[];
  target: string;
  steps?: string[];
  error?: string;
}

describe("upgrade steps", () => {
  test.for<StepCase>([
    { name: "empty database to head", map: linear, current: [], target: "head", steps: ["a1", "b2", "c3"] },
    { name: "from the middle to head", map: linear, current: ["a1"], target: "head", steps: ["b2", "c3"] },
    { name: "already at head", map: linear, current: ["c3"], target: "head", steps: [] },
    { name: "to an older revision does nothing", map: linear, current: ["c3"], target: "a1", steps: [] },
    { name: "to base does nothing", map: linear, current: [], target: "base", steps: [] },
    { name: "+1 from nothing", map: linear, current: [], target: "+1", steps: ["a1"] },
    { name: "+2 from a1", map: linear, current: ["a1"], target: "+2", steps: ["b2", "c3"] },
    { name: "to a revision", map: linear, current: [], target: "b2", steps: ["a1", "b2"] },
    { name: "to a prefix", map: linear, current: ["a1"], target: "c", steps: ["b2", "c3"] },
    { name: "<rev>+N", map: linear, current: [], target: "a1+1", steps: ["a1", "b2"] },
    { name: "<rev>-N", map: linear, current: [], target: "c3-1", steps: ["a1", "b2"] },
    { name: "head-1", map: linear, current: [], target: "head-1", steps: ["a1", "b2"] },
    {
      name: "+N past the head",
      map: linear,
      current: ["b2"],
      target: "+2",
      error: "Relative revision +2 didn't produce 2 migrations",
    },
    {
      name: "-1 is not an upgrade",
      map: linear,
      current: ["c3"],
      target: "-1",
      error: "Relative revision -1 didn't produce 1 migrations",
    },
    {
      name: "an unknown target",
      map: linear,
      current: [],
      target: "zzz",
      error: "Can't locate revision identified by 'zzz'",
    },
    {
      name: "an unknown current revision",
      map: linear,
      current: ["zzz"],
      target: "head",
      error: "Can't locate revision identified by 'zzz'",
    },
    { name: "head with two heads", map: branched, current: [], target: "head", error: MULTIPLE_HEADS },
    // Alembic's topological order: one branch at a time, the shared base first.
    {
      name: "heads with two heads",
      map: branched,
      current: [],
      target: "heads",
      steps: ["r0", "b1", "b2", "a1", "a2"],
    },
    { name: "one branch of two", map: branched, current: ["r0"], target: "a2", steps: ["a1", "a2"] },
    {
      name: "+1 at a branch point is ambiguous",
      map: branched,
      current: ["r0"],
      target: "+1",
      error: "Ambiguous walk",
    },
    {
      name: "+1 from two heads is ambiguous",
      map: branched,
      current: ["a1", "b1"],
      target: "+1",
      error: "Ambiguous upgrade from multiple current revisions",
    },
    {
      name: "through a merge point",
      map: merged,
      current: [],
      target: "head",
      steps: ["r0", "b1", "a1", "m9"],
    },
    {
      name: "onto a merge point from both parents",
      map: merged,
      current: ["a1", "b1"],
      target: "head",
      steps: ["m9"],
    },
    {
      name: "onto a merge point from one parent",
      map: merged,
      current: ["a1"],
      target: "head",
      steps: ["b1", "m9"],
    },
    {
      name: "a dependency's lineage comes first",
      map: () => new RevisionMap([rev("a1", null), rev("x1", null), rev("a2", "a1", { dependsOn: ["x1"] })]),
      current: [],
      target: "a2",
      steps: ["x1", "a1", "a2"],
    },
  ])("$name", ({ map, current, target, steps, error }) => {
    const graph = map();
    if (error) expect(() => upgradeSteps(graph, current, target)).toThrow(error);
    else expect(upgradeSteps(graph, current, target).map((s) => s.revision.id)).toEqual(steps);
  });

  test("a step carries what the progress line prints", () => {
    const [step] = upgradeSteps(merged(), ["a1", "b1"], "head");
    expect(step).toMatchObject({ direction: "upgrade", from: ["a1", "b1"], to: ["m9"] });
  });
});

describe("downgrade steps", () => {
  test.for<StepCase>([
    { name: "-1", map: linear, current: ["c3"], target: "-1", steps: ["c3"] },
    { name: "-2", map: linear, current: ["c3"], target: "-2", steps: ["c3", "b2"] },
    { name: "-1 down to base", map: linear, current: ["a1"], target: "-1", steps: ["a1"] },
    { name: "base", map: linear, current: ["c3"], target: "base", steps: ["c3", "b2", "a1"] },
    { name: "to a revision", map: linear, current: ["c3"], target: "a1", steps: ["c3", "b2"] },
    { name: "to a prefix", map: linear, current: ["c3"], target: "b", steps: ["c3"] },
    { name: "to the current revision", map: linear, current: ["b2"], target: "b2", steps: [] },
    { name: "<rev>-N", map: linear, current: ["c3"], target: "c3-2", steps: ["c3", "b2"] },
    { name: "base on an empty database", map: linear, current: [], target: "base", steps: [] },
    {
      name: "-1 at base",
      map: linear,
      current: [],
      target: "-1",
      error: "Relative revision -1 didn't produce 1 migrations (the database is at <base>)",
    },
    {
      name: "-3 past base",
      map: linear,
      current: ["b2"],
      target: "-3",
      error: "Relative revision -3 didn't produce 3 migrations (the database is at b2)",
    },
    {
      name: "+1 is not a downgrade",
      map: linear,
      current: ["a1"],
      target: "+1",
      error: "Relative revision +1 didn't produce 1 migrations",
    },
    {
      name: "to a later revision",
      map: linear,
      current: ["a1"],
      target: "c3",
      error: "Destination c3 is not a valid downgrade target from current head(s)",
    },
    {
      name: "an unknown target",
      map: linear,
      current: ["c3"],
      target: "zzz",
      error: "Can't locate revision identified by 'zzz'",
    },
    {
      name: "both branches to base",
      map: branched,
      current: ["a2", "b2"],
      target: "base",
      steps: ["a2", "a1", "b2", "b1", "r0"],
    },
    {
      name: "both branches to the branch point",
      map: branched,
      current: ["a2", "b2"],
      target: "r0",
      steps: ["a2", "a1", "b2", "b1"],
    },
    { name: "one branch", map: branched, current: ["a2", "b2"], target: "a1", steps: ["a2"] },
    {
      name: "-1 from a merge point is ambiguous (as in Alembic)",
      map: merged,
      current: ["m9"],
      target: "-1",
      error: "Ambiguous walk",
    },
    { name: "un-merge to one parent", map: merged, current: ["m9"], target: "a1", steps: ["m9"] },
    {
      name: "a dependency takes its dependents down with it",
      map: () => new RevisionMap([rev("a1", null), rev("x1", null), rev("a2", "a1", { dependsOn: ["x1"] })]),
      current: ["a2"],
      target: "base",
      steps: ["a2", "a1", "x1"],
    },
  ])("$name", ({ map, current, target, steps, error }) => {
    const graph = map();
    if (error) expect(() => downgradeSteps(graph, current, target)).toThrow(error);
    else expect(downgradeSteps(graph, current, target).map((s) => s.revision.id)).toEqual(steps);
  });

  test("-1 from several heads warns and walks down the first", () => {
    const warnings: string[] = [];
    const steps = downgradeSteps(branched(), ["a2", "b2"], "-1", { warn: (w) => warnings.push(w) });
    expect(steps.map((s) => s.revision.id)).toEqual(["a2"]);
    expect(warnings).toEqual([
      "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.",
    ]);
  });

  test("a step back to base has no 'to'", () => {
    const [step] = downgradeSteps(linear(), ["a1"], "base");
    expect(step).toMatchObject({ direction: "downgrade", from: ["a1"], to: [] });
  });
});

describe("version table changes", () => {
  /** Runs the steps from `current` to `target` and collects each step's changes. */
  function changes(map: RevisionMap, current: string[], target: string, direction: "upgrade" | "downgrade") {
    let heads: ReadonlySet<string> = new Set(current);
    const all = [];
    const steps =
      direction === "upgrade" ? upgradeSteps(map, current, target) : downgradeSteps(map, current, target);
    for (const step of steps) {
      const transition = versionChangesFor(map, heads, step);
      all.push(...transition.changes);
      heads = transition.heads;
    }
    return { changes: all, heads: [...heads].sort() };
  }

  test.for([
    {
      name: "first upgrade inserts, the next ones update",
      map: linear,
      current: [],
      target: "head",
      direction: "upgrade" as const,
      expected: [
        { kind: "insert", version: "a1" },
        { kind: "update", from: "a1", to: "b2" },
        { kind: "update", from: "b2", to: "c3" },
      ],
      heads: ["c3"],
    },
    {
      name: "downgrading to base deletes the row",
      map: linear,
      current: ["b2"],
      target: "base",
      direction: "downgrade" as const,
      expected: [
        { kind: "update", from: "b2", to: "a1" },
        { kind: "delete", version: "a1" },
      ],
      heads: [],
    },
    {
      name: "a second branch inserts its own row",
      map: branched,
      current: ["a2"],
      target: "b2",
      direction: "upgrade" as const,
      expected: [
        { kind: "insert", version: "b1" },
        { kind: "update", from: "b1", to: "b2" },
      ],
      heads: ["a2", "b2"],
    },
    {
      name: "crossing a merge point deletes one parent's row and updates the other",
      map: merged,
      current: ["a1", "b1"],
      target: "head",
      direction: "upgrade" as const,
      expected: [
        { kind: "delete", version: "a1" },
        { kind: "update", from: "b1", to: "m9" },
      ],
      heads: ["m9"],
    },
    {
      name: "un-merging inserts one parent's row and updates to the other",
      map: merged,
      current: ["m9"],
      target: "a1",
      direction: "downgrade" as const,
      expected: [
        { kind: "insert", version: "a1" },
        { kind: "update", from: "m9", to: "b1" },
      ],
      heads: ["a1", "b1"],
    },
    {
      name: "a branch that goes back to a parent another head descends from loses its row",
      map: branched,
      current: ["a2", "b2"],
      target: "r0",
      direction: "downgrade" as const,
      expected: [
        { kind: "update", from: "a2", to: "a1" },
        { kind: "delete", version: "a1" },
        { kind: "update", from: "b2", to: "b1" },
        { kind: "update", from: "b1", to: "r0" },
      ],
      heads: ["r0"],
    },
  ])("$name", ({ map, current, target, direction, expected, heads }) => {
    expect(changes(map(), current, target, direction)).toEqual({ changes: expected, heads });
  });
});

describe("history", () => {
  test.for([
    { name: "everything, newest first", range: {}, expected: ["c3", "b2", "a1"] },
    { name: "from a revision up", range: { lower: "b2" }, expected: ["c3", "b2"] },
    { name: "up to a revision", range: { upper: "b2" }, expected: ["b2", "a1"] },
    { name: "between two revisions", range: { lower: "b2", upper: "b2" }, expected: ["b2"] },
    { name: "the last two", range: { lower: "-1", upper: "head" }, expected: ["c3", "b2"] },
    { name: "up to the current revision", range: { upper: ["b2"] }, expected: ["b2", "a1"] },
  ])("$name", ({ range, expected }) => {
    expect(historyRevisions(linear(), range)).toEqual(expected);
  });

  test("a range that is not along one branch", () => {
    expect(() => historyRevisions(branched(), { lower: "a1", upper: "b2" })).toThrow(
      "Requested range a1:b2 does not refer to ancestor/descendant revisions along the same branch",
    );
  });

  test("two branches, one at a time", () => {
    expect(historyRevisions(branched())).toEqual(["a2", "a1", "b2", "b1", "r0"]);
  });
});

describe("printed formats (Alembic's)", () => {
  const history = { includeParents: true, includeBranches: true, includeDoc: true };

  test.for([
    { name: "history, base", map: linear, id: "a1", options: history, line: "<base> -> a1, message a1" },
    { name: "history, head", map: linear, id: "c3", options: history, line: "b2 -> c3 (head), message c3" },
    {
      name: "history, branch point",
      map: branched,
      id: "r0",
      options: history,
      line: "<base> -> r0 (branchpoint), message r0",
    },
    {
      name: "history, merge point",
      map: merged,
      id: "m9",
      options: history,
      line: "a1, b1 -> m9 (head) (mergepoint), message m9",
    },
    {
      name: "history, current",
      map: linear,
      id: "b2",
      options: { ...history, current: true },
      line: "a1 -> b2 (current), message b2",
    },
    { name: "current", map: linear, id: "c3", options: {}, line: "c3 (head)" },
    { name: "current, not at head", map: linear, id: "b2", options: {}, line: "b2" },
    { name: "current, branch point", map: branched, id: "r0", options: {}, line: "r0 (branchpoint)" },
    {
      name: "heads",
      map: merged,
      id: "m9",
      options: { includeBranches: true, treeIndicators: false },
      line: "m9 (head)",
    },
    {
      name: "history, labels and dependencies",
      map: () =>
        new RevisionMap([
          rev("a1", null),
          rev("x1", null),
          rev("a2", "a1", { dependsOn: ["x1"], branchLabels: ["networking"] }),
        ]),
      id: "a2",
      options: history,
      line: "a1 (x1) -> a2 (networking) (head), message a2",
    },
  ])("$name", ({ map, id, options, line }) => {
    expect(formatOneLine(map(), id, options)).toBe(line);
  });

  test("verbose entry", () => {
    const graph = new RevisionMap([
      rev("a1", null),
      rev("b2", "a1", {
        header: "add a column\n\nRevision ID: b2\nRevises: a1\nCreate Date: 2026-11-24 10:15:00.000",
      }),
    ]);
    expect(formatLogEntry(graph, "b2")).toEqual([
      "Rev: b2 (head)",
      "Parent: a1",
      "Path: /m/b2.ts",
      "",
      "    add a column",
      "    ",
      "    Revision ID: b2",
      "    Revises: a1",
      "    Create Date: 2026-11-24 10:15:00.000",
      "",
    ]);
  });

  test("verbose entry of a merge point and a branch point", () => {
    expect(formatLogEntry(merged(), "m9").slice(0, 2)).toEqual([
      "Rev: m9 (head) (mergepoint)",
      "Merges: a1, b1",
    ]);
    expect(formatLogEntry(merged(), "r0").slice(0, 3)).toEqual([
      "Rev: r0 (branchpoint)",
      "Parent: <base>",
      "Branches into: a1, b1",
    ]);
  });
});
