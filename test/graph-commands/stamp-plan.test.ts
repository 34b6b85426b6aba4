/**
 * `stamp` and the new-revision rules on literal graphs (no files, no database), after Alembic's stamp
 * tests in tests/test_version_table.py and tests/test_command.py.
 */
import { describe, expect, test } from "vitest";
import { resolveDependsOn, resolveParents } from "../../src/commands/new-revision.js";
import { type Revision, RevisionMap } from "../../src/graph/revision-map.js";
import { stampPlan } from "../../src/graph/stamp.js";
import { applyVersionChangesTo } from "../../src/graph/version-changes.js";

function rev(id: string, down: string | string[] | null, extra: Partial<Revision> = {}): Revision {
  const downRevisions = down === null ? [] : typeof down === "string" ? [down] : down;
  return { id, downRevisions, message: `message ${id}`, ...extra };
}

/** a1 -> b2 -> c3 */
const linear = () => new RevisionMap([rev("a1", null), rev("b2", "a1"), rev("c3", "b2")]);

/** r0 -> a1 -> a2 and r0 -> b1 -> b2 */
const branched = () =>
  new RevisionMap([rev("r0", null), rev("a1", "r0"), rev("a2", "a1"), rev("b1", "r0"), rev("b2", "b1")]);

/** r0 -> a1, r0 -> b1, m9 merges a1 and b1 */
const merged = () =>
  new RevisionMap([rev("r0", null), rev("a1", "r0"), rev("b1", "r0"), rev("m9", ["a1", "b1"])]);

/** Two roots: the `networking` branch n1 -> n2, and x1 -> x2 where x2 depends on n1. */
const withDependency = () =>
  new RevisionMap([
    rev("n1", null, { branchLabels: ["networking"] }),
    rev("n2", "n1"),
    rev("x1", null),
    rev("x2", "x1", { dependsOn: ["n1"] }),
  ]);

describe("stamp", () => {
  test.for([
    {
      name: "head on an empty table inserts",
      map: linear,
      rows: [],
      to: ["head"],
      changes: [{ kind: "insert", version: "c3" }],
      heads: ["c3"],
    },
    {
      name: "an older revision updates the row down",
      map: linear,
      rows: ["c3"],
      to: ["a1"],
      changes: [{ kind: "update", from: "c3", to: "a1" }],
      heads: ["a1"],
    },
    {
      name: "a newer revision updates the row up",
      map: linear,
      rows: ["a1"],
      to: ["c3"],
      changes: [{ kind: "update", from: "a1", to: "c3" }],
      heads: ["c3"],
    },
    {
      name: "the revision it is already at changes nothing",
      map: linear,
      rows: ["b2"],
      to: ["b2"],
      changes: [],
      heads: ["b2"],
    },
    {
      name: "base deletes the row",
      map: linear,
      rows: ["b2"],
      to: ["base"],
      changes: [{ kind: "delete", version: "b2" }],
      heads: [],
    },
    {
      name: "heads inserts one row per head",
      map: branched,
      rows: [],
      to: ["heads"],
      changes: [
        { kind: "insert", version: "a2" },
        { kind: "insert", version: "b2" },
      ],
      heads: ["a2", "b2"],
    },
    {
      name: "a revision on another branch is a new row",
      map: branched,
      rows: ["a2"],
      to: ["b1"],
      changes: [{ kind: "insert", version: "b1" }],
      heads: ["a2", "b1"],
    },
    {
      name: "only the head on the revision's branch moves",
      map: branched,
      rows: ["a2", "b2"],
      to: ["a1"],
      changes: [{ kind: "update", from: "a2", to: "a1" }],
      heads: ["a1", "b2"],
    },
    {
      name: "two heads stamped down to their branch point collapse into one row",
      map: branched,
      rows: ["a2", "b2"],
      to: ["r0"],
      changes: [
        { kind: "delete", version: "a2" },
        { kind: "update", from: "b2", to: "r0" },
      ],
      heads: ["r0"],
    },
    {
      name: "two rows stamped up to their merge point collapse into one row",
      map: merged,
      rows: ["a1", "b1"],
      to: ["m9"],
      changes: [
        { kind: "delete", version: "a1" },
        { kind: "update", from: "b1", to: "m9" },
      ],
      heads: ["m9"],
    },
    {
      name: "two destinations from their branch point: one update, one new row",
      map: branched,
      rows: ["r0"],
      to: ["a2", "b2"],
      changes: [
        { kind: "update", from: "r0", to: "a2" },
        { kind: "insert", version: "b2" },
      ],
      heads: ["a2", "b2"],
    },
    {
      name: "a branch label's head",
      map: withDependency,
      rows: [],
      to: ["networking@head"],
      changes: [{ kind: "insert", version: "n2" }],
      heads: ["n2"],
    },
    {
      name: "a dependency counts as the same line: its dependent's row moves to it",
      map: withDependency,
      rows: ["x2"],
      to: ["n1"],
      changes: [{ kind: "update", from: "x2", to: "n1" }],
      heads: ["n1"],
    },
  ])("$name", ({ map, rows, to, changes, heads }) => {
    const plan = stampPlan(map(), rows, to);
    expect(plan.flatMap((p) => p.changes)).toEqual(changes);
    let after: ReadonlySet<string> = new Set(rows);
    for (const step of plan) after = applyVersionChangesTo(after, step.changes);
    expect([...after].sort()).toEqual(heads);
  });

  test("head with two heads is ambiguous", () => {
    expect(() => stampPlan(branched(), [], ["head"])).toThrow(/Multiple head revisions are present/);
  });

  test("a row naming an unknown revision", () => {
    expect(() => stampPlan(linear(), ["zz9"], ["head"])).toThrow("Can't locate revision identified by 'zz9'");
  });
});

describe("a new revision's parents and dependencies", () => {
  test.for([
    { name: "head", map: linear, heads: ["head"], parents: ["c3"] },
    { name: "base starts a new root", map: linear, heads: ["base"], parents: [] },
    { name: "heads (a merge)", map: branched, heads: ["heads"], parents: ["a2", "b2"] },
    { name: "revisions to merge, by id", map: branched, heads: ["a2", "b2"], parents: ["a2", "b2"] },
  ])("$name", ({ map, heads, parents }) => {
    expect(resolveParents(map(), heads, false)).toEqual(parents);
  });

  test.for([
    {
      name: "head with two heads",
      map: branched,
      heads: ["head"],
      message:
        "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
    },
    {
      name: "a revision that is not a head",
      map: linear,
      heads: ["b2"],
      message:
        "Revision b2 is not a head revision; please specify --splice to create a new branch from this revision",
    },
    {
      name: "the same head twice",
      map: branched,
      heads: ["a2", "a2"],
      message: "Duplicate head revisions specified",
    },
    {
      name: "an unknown revision",
      map: linear,
      heads: ["zz"],
      message: "Can't locate revision identified by 'zz'",
    },
  ])("$name fails", ({ map, heads, message }) => {
    expect(() => resolveParents(map(), heads, false)).toThrow(message);
  });

  test("--splice allows a revision that is not a head", () => {
    expect(resolveParents(linear(), ["b2"], true)).toEqual(["b2"]);
  });

  test("dependencies: prefixes become full ids, branch labels stay labels", () => {
    const map = new RevisionMap([...withDependency().revisions, rev("abc123", null)]);
    expect(resolveDependsOn(map, ["abc", "networking", "networking@head"])).toEqual([
      "abc123",
      "networking",
      "n2",
    ]);
  });

  test("an ambiguous or unknown dependency", () => {
    expect(() => resolveDependsOn(withDependency(), ["n"])).toThrow(
      "Can't locate revision identified by 'n'; multiple revisions start with 'n': 'n1', 'n2'",
    );
    expect(() => resolveDependsOn(withDependency(), ["base"])).toThrow(
      "Can't locate revision identified by 'base'",
    );
  });
});
