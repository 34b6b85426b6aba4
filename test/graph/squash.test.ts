/**
 * Squashes in the graph, built from literal revisions: which revisions the graph holds with the
 * replaced files present or deleted, where a database at each point of the range goes, how its
 * version-table rows are read and written, the range `retort squash` accepts, and the errors.
 */
import { describe, expect, test } from "vitest";
import { ReplacedRevisionError } from "../../src/errors.js";
import { formatLogEntry, formatOneLine } from "../../src/graph/format-revision.js";
import { type Revision, RevisionMap } from "../../src/graph/revision-map.js";
import { squashRange } from "../../src/graph/squash-range.js";
import { squashesToSetAside } from "../../src/graph/squash-view.js";
import { stampPlan } from "../../src/graph/stamp.js";
import { downgradeSteps, upgradeSteps } from "../../src/graph/steps.js";
import { asRecorded, recordedHeads, versionChangesFor } from "../../src/graph/version-changes.js";

function rev(id: string, down: string | string[] | null, extra: Partial<Revision> = {}): Revision {
  const downRevisions = down === null ? [] : typeof down === "string" ? [down] : down;
  return { id, downRevisions, message: `message ${id}`, path: `/m/${id}.ts`, ...extra };
}

/** r1 -> r2 -> r3 -> r4 -> c5 -> c6 */
const OLD = [
  rev("r1", null),
  rev("r2", "r1"),
  rev("r3", "r2"),
  rev("r4", "r3"),
  rev("c5", "r4"),
  rev("c6", "c5"),
];
/** s0 replaces r1..r4, from base. */
const SQUASH = rev("s0", null, { replaces: ["r1", "r2", "r3", "r4"] });
const FILES_PRESENT = [...OLD, SQUASH];
const FILES_DELETED = [SQUASH, rev("c5", "r4"), rev("c6", "c5")];

/** The graph for a database at `rows`, as ScriptDirectory.mapFor builds it. */
function mapFor(revisions: readonly Revision[], rows: readonly string[] = []): RevisionMap {
  return new RevisionMap(revisions, { setAside: squashesToSetAside(revisions, rows) });
}

const ids = (steps: readonly { revision: Revision }[]) => steps.map((s) => s.revision.id);

describe("the graph holds the squash in place of what it replaces", () => {
  test.for([
    { name: "replaced files present", revisions: FILES_PRESENT },
    { name: "replaced files deleted", revisions: FILES_DELETED },
  ])("$name: one step from base, then the later revisions follow the squash", ({ revisions }) => {
    const map = mapFor(revisions);
    expect(map.revisions.map((r) => r.id).sort()).toEqual(["c5", "c6", "s0"]);
    expect(map.get("c5").downRevisions).toEqual(["s0"]);
    expect(map.heads).toEqual(["c6"]);
    expect(map.bases).toEqual(["s0"]);
    expect(ids(upgradeSteps(map, [], "head"))).toEqual(["s0", "c5", "c6"]);
    expect(formatOneLine(map, "c5", { includeParents: true })).toBe("s0 -> c5");
  });

  test("a target naming the last replaced revision means the squash", () => {
    const map = mapFor(FILES_DELETED);
    expect(map.lookup("r4")).toBe("s0");
    expect(ids(upgradeSteps(map, [], "r4"))).toEqual(["s0"]);
  });

  test("a target in the middle of the range is an error that names the squash", () => {
    const map = mapFor(FILES_PRESENT);
    expect(() => map.lookup("r2")).toThrow(ReplacedRevisionError);
    expect(() => upgradeSteps(map, [], "r2")).toThrow(
      "Revision r2 is in the middle of the revisions squash s0 replaces (r1 … r4, 4 revisions); " +
        "name s0 (or r4), or a revision outside the range",
    );
  });

  test("a later revision's dependsOn on the last replaced revision follows the squash too", () => {
    const map = mapFor([...FILES_DELETED, rev("x1", null, { dependsOn: ["r4"] })]);
    expect(map.get("x1").dependsOn).toEqual(["s0"]);
    expect(ids(upgradeSteps(map, [], "x1"))).toEqual(["s0", "x1"]);
  });

  test("a squash of a range after a revision follows that revision", () => {
    const revisions = [
      rev("a1", null),
      rev("r1", "a1"),
      rev("r2", "r1"),
      rev("c3", "r2"),
      rev("s0", "a1", { replaces: ["r1", "r2"] }),
    ];
    const map = mapFor(revisions);
    expect(ids(upgradeSteps(map, ["a1"], "head"))).toEqual(["s0", "c3"]);
    expect(ids(upgradeSteps(map, [], "head"))).toEqual(["a1", "s0", "c3"]);
  });

  test("a squash of a range holding an earlier squash stands in for both", () => {
    const revisions = [
      rev("s1", null, { replaces: ["r1", "r2"] }),
      rev("c3", "r2"),
      rev("c4", "c3"),
      rev("s2", null, { replaces: ["r1", "r2", "s1", "c3"] }),
    ];
    const map = mapFor(revisions);
    expect(map.revisions.map((r) => r.id)).toEqual(["c4", "s2"]);
    expect(map.get("c4").downRevisions).toEqual(["s2"]);
    expect(map.lookup("c3")).toBe("s2");
    expect(() => map.recordedRevision("r2")).toThrow(ReplacedRevisionError);
  });
});

describe("a database at each point of the range", () => {
  test("before the range: the squash, one step", () => {
    expect(ids(upgradeSteps(mapFor(FILES_PRESENT, []), [], "head"))).toEqual(["s0", "c5", "c6"]);
  });

  test.for([
    { name: "files present", revisions: FILES_PRESENT },
    { name: "files deleted", revisions: FILES_DELETED },
  ])(
    "at the last replaced revision ($name): read as the squash, and carries on after it",
    ({ revisions }) => {
      const map = mapFor(revisions, ["r4"]);
      expect(map.recordedRevision("r4")).toBe("s0");
      expect(ids(upgradeSteps(map, ["r4"], "head"))).toEqual(["c5", "c6"]);
      expect(upgradeSteps(map, ["r4"], "s0")).toEqual([]);
      expect(ids(downgradeSteps(map, ["r4"], "base"))).toEqual(["s0"]);
    },
  );

  test("beyond the range: unaffected, and a downgrade below the squash runs the squash's downgrade", () => {
    const map = mapFor(FILES_DELETED, ["c6"]);
    expect(upgradeSteps(map, ["c6"], "head")).toEqual([]);
    expect(ids(downgradeSteps(map, ["c6"], "base"))).toEqual(["c6", "c5", "s0"]);
    expect(ids(downgradeSteps(map, ["c6"], "-2"))).toEqual(["c6", "c5"]);
  });

  test("in the middle, files present: the squash is set aside and the old files take it on", () => {
    expect(squashesToSetAside(FILES_PRESENT, ["r2"])).toEqual(new Set(["s0"]));
    const map = mapFor(FILES_PRESENT, ["r2"]);
    expect(map.has("s0")).toBe(false);
    expect(ids(upgradeSteps(map, ["r2"], "head"))).toEqual(["r3", "r4", "c5", "c6"]);
    expect(ids(downgradeSteps(map, ["r2"], "base"))).toEqual(["r2", "r1"]);
  });

  test("in the middle, files deleted: one error naming the revision, saying to restore the files", () => {
    const map = mapFor(FILES_DELETED, ["r2"]);
    const message =
      "The database is at revision r2, in the middle of the revisions squash s0 replaces (r1 … r4, 4 revisions), " +
      "and their migration files are gone, so neither can take it on: restore the replaced files (from version " +
      "control) and run `retort upgrade r4` with them first; they can be deleted again afterwards";
    expect(() => upgradeSteps(map, ["r2"], "head")).toThrow(message);
    expect(() => downgradeSteps(map, ["r2"], "base")).toThrow(message);
    expect(() => stampPlan(map, ["r2"], ["head"])).toThrow(message);
  });

  test("in the middle, seen by a command that does not migrate (files present): says how to go on", () => {
    expect(() => mapFor(FILES_PRESENT).recordedRevision("r3")).toThrow(
      "The database is at revision r3, in the middle of the revisions squash s0 replaces (r1 … r4, 4 revisions); " +
        "`retort upgrade r4` takes it on through the replaced migration files first",
    );
  });
});

describe("the version table keeps the row it has until a step moves it", () => {
  test("upgrade from the last replaced revision updates that row", () => {
    const map = mapFor(FILES_DELETED, ["r4"]);
    const { heads, spelling } = recordedHeads(map, ["r4"]);
    expect([...heads]).toEqual(["s0"]);
    const [step] = upgradeSteps(map, ["r4"], "+1");
    const transition = versionChangesFor(map, heads, step!);
    expect(transition.changes).toEqual([{ kind: "update", from: "s0", to: "c5" }]);
    expect(asRecorded(transition.changes, spelling)).toEqual([{ kind: "update", from: "r4", to: "c5" }]);
    // Used once: the row now says c5.
    expect(spelling.size).toBe(0);
  });

  test("downgrade of the squash deletes that row", () => {
    const map = mapFor(FILES_DELETED, ["r4"]);
    const { heads, spelling } = recordedHeads(map, ["r4"]);
    const [step] = downgradeSteps(map, ["r4"], "base");
    const { changes } = versionChangesFor(map, heads, step!);
    expect(asRecorded(changes, spelling)).toEqual([{ kind: "delete", version: "r4" }]);
  });

  test("stamp moves that row", () => {
    const map = mapFor(FILES_DELETED, ["r4"]);
    expect(stampPlan(map, ["r4"], ["head"]).map((p) => p.changes)).toEqual([
      [{ kind: "update", from: "r4", to: "c6" }],
    ]);
  });

  test("current prints the row and the squash that replaced it", () => {
    const map = mapFor(FILES_DELETED, ["r4"]);
    expect(formatOneLine(map, "s0", { recordedAs: "r4" })).toBe("r4 (replaced by s0)");
    expect(formatLogEntry(map, "s0", { recordedAs: "r4" })[0]).toBe("Rev: r4 (replaced by s0)");
    expect(formatOneLine(map, "s0", { recordedAs: "s0" })).toBe("s0");
  });
});

describe("files that do not fit together", () => {
  test("a revision built on the middle of a squashed range", () => {
    expect(() => mapFor([...FILES_DELETED, rev("x1", "r2")])).toThrow(
      "Revision x1 (/m/x1.ts) follows r2, which squash s0 replaces from the middle of its range; only the " +
        "last revision it replaces, r4, can be built on",
    );
  });

  test("two squashes replacing one revision", () => {
    expect(() => mapFor([...FILES_DELETED, rev("s9", null, { replaces: ["r3", "r4"] })])).toThrow(
      "Revision r3 is replaced by two squashes, s0 and s9",
    );
  });
});

describe("the range `retort squash <from>:<to>` replaces", () => {
  const linear = () => mapFor(OLD);

  test.for([
    { range: "base:r4", from: undefined, replaces: ["r1", "r2", "r3", "r4"] },
    { range: ":r4", from: undefined, replaces: ["r1", "r2", "r3", "r4"] },
    { range: "r1:r4", from: "r1", replaces: ["r2", "r3", "r4"] },
    { range: "r2:head", from: "r2", replaces: ["r3", "r4", "c5", "c6"] },
  ])("$range", ({ range, from, replaces }) => {
    const squash = squashRange(linear(), range);
    expect(squash.from).toBe(from);
    expect(squash.replaces).toEqual(replaces);
    expect(squash.to).toBe(replaces.at(-1));
  });

  test("an earlier squash in the range is listed after what it replaced", () => {
    const map = mapFor([SQUASH, rev("c5", "r4"), rev("c6", "c5")]);
    expect(squashRange(map, "base:c5").replaces).toEqual(["r1", "r2", "r3", "r4", "s0", "c5"]);
  });

  test("branch labels move to the squash", () => {
    const map = mapFor([rev("r1", null, { branchLabels: ["cart"] }), rev("r2", "r1"), rev("r3", "r2")]);
    expect(squashRange(map, "base:r2").branchLabels).toEqual(["cart"]);
  });

  test.for([
    { range: "r4", error: "Squash range 'r4' is not <from>:<to> (use base:<to> to start at the beginning)" },
    { range: "r2:base", error: "Squash range 'r2:base' ends at base: nothing to squash" },
    { range: "r3:r4", error: "Squash range 'r3:r4' holds one revision, r4: nothing to squash" },
    { range: "r4:r2", error: "Squash range 'r4:r2': r2 does not descend from r4" },
    { range: "r1:zz", error: "Can't locate revision identified by 'zz'" },
  ])("refuses $range", ({ range, error }) => {
    expect(() => squashRange(linear(), range)).toThrow(error);
  });

  test("refuses a branch growing from the middle", () => {
    const map = mapFor([...OLD, rev("b3", "r2")]);
    expect(() => squashRange(map, "base:r4")).toThrow(
      "Revision b3 grows from r2, in the middle of the squash range; end the range at r2 or before it, or " +
        "merge that branch first",
    );
  });

  test("refuses a merge point inside the range", () => {
    const map = mapFor([
      rev("a1", null),
      rev("b1", null),
      rev("m2", ["a1", "b1"]),
      rev("c3", "m2"),
      rev("c4", "c3"),
    ]);
    expect(() => squashRange(map, "base:c4")).toThrow(
      "Squash range 'base:c4' crosses the merge point m2; squash the branches before it, or start the range at the merge point",
    );
    expect(squashRange(map, "m2:c4").replaces).toEqual(["c3", "c4"]);
  });

  test("refuses a dependsOn it cannot carry", () => {
    const map = mapFor([
      rev("x1", null),
      rev("r1", null),
      rev("r2", "r1", { dependsOn: ["x1"] }),
      rev("r3", "r2"),
    ]);
    expect(() => squashRange(map, "base:r3")).toThrow(
      "Revision r2 in squash range 'base:r3' depends on x1, which a squash cannot carry; start the range after it",
    );
  });
});
