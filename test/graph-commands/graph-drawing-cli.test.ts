/**
 * `history --graph` through the built CLI: the drawing of each fixture shape (linear, two heads,
 * merged, labelled, depends-on) as exact text, a range, what it refuses, what it does without a
 * database (draws, without current marks), and 1000 revisions on four long-lived branches checked for
 * the drawing's invariants and timed. The current marks from a real database are in
 * graph-database.test.ts; the layout itself is tested from literal revisions in test/graph.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { MigrationsProject } from "../support/migrations-dir.js";
import {
  createGraphProject,
  DEPENDS_ON,
  LABELLED,
  LINEAR,
  longLivedBranches,
  MERGED,
  TWO_HEADS,
} from "./graph-fixtures.js";
import { checkGraph } from "./graph-invariants.js";

// Each test spawns the CLI (about a second each, more on a busy machine).
vi.setConfig({ testTimeout: 240_000 });

const UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none";
const NO_MARKS =
  `WARNI [retort.history] Could not connect to ${UNREACHABLE}: connect ECONNREFUSED 127.0.0.1:1; ` +
  "drawn without marking the current revision(s)\n";

describe("history --graph on each shape, with no database to mark the current revisions", () => {
  const projects: Record<string, MigrationsProject> = {};
  const retort = (shape: string, ...args: string[]) => projects[shape]!.run(["--url", UNREACHABLE, ...args]);

  beforeAll(() => {
    for (const [shape, revisions] of Object.entries({ LINEAR, TWO_HEADS, MERGED, LABELLED, DEPENDS_ON })) {
      projects[shape] = createGraphProject(revisions);
    }
  });
  afterAll(() => {
    for (const project of Object.values(projects)) project.remove();
  });

  test.for([
    [
      "LINEAR",
      [
        "* 5a3d1e4c7b90 (head), backfill names",
        "* 3cac04ae8714, add an index",
        "* ae1027a6acf0, add a column",
        "* 1975ea83b712, create account table",
      ],
    ],
    [
      "TWO_HEADS",
      [
        "* 27c6a30d7c24 (head), add shopping cart table",
        "| * ae1027a6acf0 (head), add a column",
        "|/",
        "* 1975ea83b712 (branchpoint), create account table",
      ],
    ],
    [
      "MERGED",
      [
        "* 53fffde5ad50 (head) (mergepoint), merge ae1 and 27c",
        "|\\",
        "* | ae1027a6acf0, add a column",
        "| * 27c6a30d7c24, add shopping cart table",
        "|/",
        "* 1975ea83b712 (branchpoint), create account table",
      ],
    ],
    [
      // Two roots: the empty row keeps the second branch from reading as the first one's parent.
      "LABELLED",
      [
        "* c3c2d4e5f6a7 (shoppingcart) (head), add cart totals",
        "* c2b1c3d4e5f6 (shoppingcart), add cart items",
        "* c1a0b2d3e4f5 (shoppingcart), create cart",
        "",
        "* e2b1c3d4e5f6 (networking) (head), add ip table",
        "* e1a0b2d3e4f5 (networking), create networking",
      ],
    ],
    [
      // Dependencies are notes, not lanes; history's order puts each below what depends on it.
      "DEPENDS_ON",
      [
        "* c3c2d4e5f6a7 (shoppingcart) (head), add cart totals",
        "| * e3c2d4e5f6a7 (networking) (head) (depends on c2b1c3d4e5f6, f0d1e2c3b4a5), add ip account table",
        "| * e2b1c3d4e5f6 (networking), add ip table",
        "| * e1a0b2d3e4f5 (networking), create networking",
        "* c2b1c3d4e5f6 (shoppingcart), add cart items",
        "* c1a0b2d3e4f5 (shoppingcart), create cart",
        "",
        "* f0d1e2c3b4a5 (effective head), create audit",
      ],
    ],
  ])("%s", ([shape, lines]) => {
    const result = retort(shape as string, "history", "--graph");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${(lines as string[]).join("\n")}\n`);
    expect(result.stderr).toBe(NO_MARKS);
  });

  test("-r draws the range only", () => {
    const result = retort("MERGED", "history", "--graph", "-r", "1975:ae10");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      "* ae1027a6acf0, add a column\n* 1975ea83b712 (branchpoint), create account table\n",
    );
  });

  test.for([
    [
      // -v: --verbose is also the global flag that adds stack traces.
      ["-v"],
      "FAILED: history --graph draws one line per revision: it takes neither --verbose nor --json\n",
    ],
    [
      ["--json"],
      "FAILED: history --graph draws one line per revision: it takes neither --verbose nor --json\n",
    ],
    // Asked for, the marks need the database, as history --indicate-current does.
    [["-i"], `FAILED: Could not connect to ${UNREACHABLE}: connect ECONNREFUSED 127.0.0.1:1\n`],
  ])("--graph %j is refused", ([args, message]) => {
    const result = retort("MERGED", "history", "--graph", ...(args as string[]));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(message);
    expect(result.stdout).toBe("");
  });

  test("no URL and no embedded database yet: drawn without a warning, and no database created", () => {
    const project = projects.TWO_HEADS!;
    const result = project.run(["history", "--graph"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toBe("* 27c6a30d7c24 (head), add shopping cart table");
    expect(existsSync(path.join(project.dir, ".retort"))).toBe(false);
  });
});

describe("history --graph over 1000 revisions on four long-lived branches", () => {
  const history = longLivedBranches(1000);
  let project: MigrationsProject;
  beforeAll(() => {
    project = createGraphProject(history.revisions);
  });
  afterAll(() => project?.remove());

  test("every revision once, one per row, each joined to its parents, at most two lanes per branch", () => {
    const started = performance.now();
    const result = project.run(["--url", UNREACHABLE, "history", "--graph"]);
    const seconds = (performance.now() - started) / 1000;
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.replace(/\n$/, "").split("\n");
    const { problems, lanes } = checkGraph(lines, history.revisions, history.openBranches);
    expect(problems).toEqual([]);
    expect(lanes).toBeGreaterThanOrEqual(history.branches.length);
    // The whole process, start-up and 1000 files included (about 0.5 s on an idle machine).
    expect(seconds).toBeLessThan(20);
  });
});
