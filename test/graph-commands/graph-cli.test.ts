/**
 * The graph commands that need no database, through the built CLI on migration files: heads, history,
 * branches and show on each fixture shape (linear, two heads, merged, labelled, depends-on), revision's
 * --head/--splice/--branch-label/--depends-on, merge, and offline SQL from a given start revision.
 * Every command runs with an unreachable --url, so any attempt to connect would fail the test.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { MigrationsProject } from "../support/migrations-dir.js";
import { createGraphProject, DEPENDS_ON, LABELLED, LINEAR, MERGED, TWO_HEADS } from "./graph-fixtures.js";

// Each test spawns the CLI several times (about a second each, more on a busy machine).
vi.setConfig({ testTimeout: 240_000 });

const NO_DATABASE = ["--url", "postgresql://nobody@127.0.0.1:1/none"];

const MULTIPLE_HEADS =
  "FAILED: Multiple head revisions are present for given argument 'head'; please specify a specific target " +
  "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads\n";

function entry(
  project: MigrationsProject,
  lines: {
    rev: string;
    parent: string;
    file: string;
    message: string;
    revises?: string;
    extra?: string[];
  },
): string {
  return [
    `Rev: ${lines.rev}`,
    lines.parent,
    ...(lines.extra ?? []),
    `Path: ${path.join(project.dir, "migrations", lines.file)}`,
    "",
    `    ${lines.message}`,
    "    ",
    `    Revision ID: ${lines.rev.split(" ")[0]}`,
    `    Revises:${lines.revises ? ` ${lines.revises}` : ""}`,
    "    Create Date: 2026-11-24 10:15:00.000",
    "",
    "",
  ].join("\n");
}

describe("heads, history, branches and show on each shape", () => {
  const projects: Record<string, MigrationsProject> = {};
  const retort = (shape: string, ...args: string[]) => projects[shape]!.run([...NO_DATABASE, ...args]);

  beforeAll(() => {
    for (const [shape, revisions] of Object.entries({ LINEAR, TWO_HEADS, MERGED, LABELLED, DEPENDS_ON })) {
      projects[shape] = createGraphProject(revisions);
    }
  });
  afterAll(() => {
    for (const project of Object.values(projects)) project.remove();
  });

  test.for([
    ["LINEAR", "5a3d1e4c7b90 (head)\n"],
    ["TWO_HEADS", "27c6a30d7c24 (head)\nae1027a6acf0 (head)\n"],
    ["MERGED", "53fffde5ad50 (head)\n"],
    ["LABELLED", "c3c2d4e5f6a7 (shoppingcart) (head)\ne2b1c3d4e5f6 (networking) (head)\n"],
    [
      "DEPENDS_ON",
      "c3c2d4e5f6a7 (shoppingcart) (head)\ne3c2d4e5f6a7 (networking) (head)\nf0d1e2c3b4a5 (effective head)\n",
    ],
  ])("heads: %s", ([shape, expected]) => {
    const result = retort(shape!, "heads");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expected);
  });

  test("heads --resolve-dependencies leaves out the effective head", () => {
    expect(retort("DEPENDS_ON", "heads", "--resolve-dependencies").stdout).toBe(
      "c3c2d4e5f6a7 (shoppingcart) (head)\ne3c2d4e5f6a7 (networking) (head)\n",
    );
  });

  test.for([
    [
      "LINEAR",
      [
        "3cac04ae8714 -> 5a3d1e4c7b90 (head), backfill names",
        "ae1027a6acf0 -> 3cac04ae8714, add an index",
        "1975ea83b712 -> ae1027a6acf0, add a column",
        "<base> -> 1975ea83b712, create account table",
      ],
    ],
    [
      "TWO_HEADS",
      [
        "1975ea83b712 -> 27c6a30d7c24 (head), add shopping cart table",
        "1975ea83b712 -> ae1027a6acf0 (head), add a column",
        "<base> -> 1975ea83b712 (branchpoint), create account table",
      ],
    ],
    [
      "MERGED",
      [
        "ae1027a6acf0, 27c6a30d7c24 -> 53fffde5ad50 (head) (mergepoint), merge ae1 and 27c",
        "1975ea83b712 -> ae1027a6acf0, add a column",
        "1975ea83b712 -> 27c6a30d7c24, add shopping cart table",
        "<base> -> 1975ea83b712 (branchpoint), create account table",
      ],
    ],
    [
      "LABELLED",
      [
        "c2b1c3d4e5f6 -> c3c2d4e5f6a7 (shoppingcart) (head), add cart totals",
        "c1a0b2d3e4f5 -> c2b1c3d4e5f6 (shoppingcart), add cart items",
        "<base> -> c1a0b2d3e4f5 (shoppingcart), create cart",
        "e1a0b2d3e4f5 -> e2b1c3d4e5f6 (networking) (head), add ip table",
        "<base> -> e1a0b2d3e4f5 (networking), create networking",
      ],
    ],
    [
      "DEPENDS_ON",
      [
        "c2b1c3d4e5f6 -> c3c2d4e5f6a7 (shoppingcart) (head), add cart totals",
        "e2b1c3d4e5f6 (c2b1c3d4e5f6, f0d1e2c3b4a5) -> e3c2d4e5f6a7 (networking) (head), add ip account table",
        "e1a0b2d3e4f5 -> e2b1c3d4e5f6 (networking), add ip table",
        "<base> -> e1a0b2d3e4f5 (networking), create networking",
        "c1a0b2d3e4f5 -> c2b1c3d4e5f6 (shoppingcart), add cart items",
        "<base> -> c1a0b2d3e4f5 (shoppingcart), create cart",
        "<base> -> f0d1e2c3b4a5 (effective head), create audit",
      ],
    ],
  ])("history: %s", ([shape, lines]) => {
    const result = retort(shape as string, "history");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${(lines as string[]).join("\n")}\n`);
  });

  test("history -r along one labelled branch", () => {
    const result = retort("LABELLED", "history", "-r", "shoppingcart@base:shoppingcart@head");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      "c2b1c3d4e5f6 -> c3c2d4e5f6a7 (shoppingcart) (head), add cart totals\n" +
        "c1a0b2d3e4f5 -> c2b1c3d4e5f6 (shoppingcart), add cart items\n" +
        "<base> -> c1a0b2d3e4f5 (shoppingcart), create cart\n",
    );
  });

  test("history -r a:b --verbose", () => {
    const project = projects.LINEAR!;
    const result = retort("LINEAR", "history", "-r", "ae10:3cac", "--verbose");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      entry(project, {
        rev: "3cac04ae8714",
        parent: "Parent: ae1027a6acf0",
        file: "3cac04ae8714_add_an_index.ts",
        message: "add an index",
        revises: "ae1027a6acf0",
      }) +
        entry(project, {
          rev: "ae1027a6acf0",
          parent: "Parent: 1975ea83b712",
          file: "ae1027a6acf0_add_a_column.ts",
          message: "add a column",
          revises: "1975ea83b712",
        }),
    );
  });

  test("branches: each branch point and its children, then a blank line", () => {
    expect(retort("TWO_HEADS", "branches").stdout).toBe(
      "1975ea83b712 (branchpoint)\n" +
        "             -> 27c6a30d7c24 (head)\n" +
        "             -> ae1027a6acf0 (head)\n" +
        "\n",
    );
    expect(retort("MERGED", "branches").stdout).toBe(
      "1975ea83b712 (branchpoint)\n             -> 27c6a30d7c24\n             -> ae1027a6acf0\n\n",
    );
    const none = retort("LINEAR", "branches");
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).toBe("");
  });

  test("branches --verbose: the branch point in full, the children with their messages", () => {
    const project = projects.TWO_HEADS!;
    expect(retort("TWO_HEADS", "branches", "-v").stdout).toBe(
      entry(project, {
        rev: "1975ea83b712 (branchpoint)",
        parent: "Parent: <base>",
        extra: ["Branches into: 27c6a30d7c24, ae1027a6acf0"],
        file: "1975ea83b712_create_account_table.ts",
        message: "create account table",
      }) +
        "             -> 27c6a30d7c24 (head), add shopping cart table\n" +
        "             -> ae1027a6acf0 (head), add a column\n" +
        "\n",
    );
  });

  test("show: a merge point by `head`, a branch label, a dependent by prefix", () => {
    expect(retort("MERGED", "show", "head").stdout).toBe(
      entry(projects.MERGED!, {
        rev: "53fffde5ad50 (head) (mergepoint)",
        parent: "Merges: ae1027a6acf0, 27c6a30d7c24",
        file: "53fffde5ad50_merge_ae1_and_27c.ts",
        message: "merge ae1 and 27c",
        revises: "ae1027a6acf0, 27c6a30d7c24",
      }),
    );
    expect(retort("LABELLED", "show", "networking").stdout).toBe(
      entry(projects.LABELLED!, {
        rev: "e1a0b2d3e4f5",
        parent: "Parent: <base>",
        extra: ["Branch names: networking"],
        file: "e1a0b2d3e4f5_create_networking.ts",
        message: "create networking",
      }),
    );
    expect(retort("DEPENDS_ON", "show", "e3").stdout).toBe(
      entry(projects.DEPENDS_ON!, {
        rev: "e3c2d4e5f6a7 (head)",
        parent: "Parent: e2b1c3d4e5f6",
        extra: ["Also depends on: c2b1c3d4e5f6, f0d1e2c3b4a5", "Branch names: networking"],
        file: "e3c2d4e5f6a7_add_ip_account_table.ts",
        message: "add ip account table",
        revises: "e2b1c3d4e5f6",
      }),
    );
  });

  test("show heads prints every head; show head with two heads fails", () => {
    const heads = retort("TWO_HEADS", "show", "heads");
    expect(heads.stdout.match(/^Rev: .*$/gm)).toEqual([
      "Rev: 27c6a30d7c24 (head)",
      "Rev: ae1027a6acf0 (head)",
    ]);
    const head = retort("TWO_HEADS", "show", "head");
    expect(head.status).toBe(1);
    expect(head.stderr).toBe(MULTIPLE_HEADS);
  });

  test("show an unknown revision", () => {
    const result = retort("LINEAR", "show", "zzz");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("FAILED: Can't locate revision identified by 'zzz'\n");
  });

  test("heads --verbose", () => {
    const result = retort("LINEAR", "heads", "--verbose");
    expect(result.stdout).toBe(
      entry(projects.LINEAR!, {
        rev: "5a3d1e4c7b90 (head)",
        parent: "Parent: 3cac04ae8714",
        file: "5a3d1e4c7b90_backfill_names.ts",
        message: "backfill names",
        revises: "3cac04ae8714",
      }),
    );
  });
});

describe("revision --head, --splice, --branch-label, --depends-on and merge", () => {
  let project: MigrationsProject;
  const retort = (...args: string[]) => project.run([...NO_DATABASE, ...args]);
  const generated = (result: { stdout: string }) => {
    const match = /^Generating (.+) \.\.\. {2}done\n$/.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    return readFileSync(match![1]!, "utf8");
  };

  beforeAll(() => {
    project = createGraphProject(TWO_HEADS);
  });
  afterAll(() => project?.remove());

  test("with two heads, revision asks for --head or a merge", () => {
    const result = retort("revision", "-m", "next");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "FAILED: Multiple heads are present; please specify the head revision on which the new revision " +
        "should be based, or perform a merge.\n",
    );
  });

  test("--head on a revision that is not a head needs --splice", () => {
    const refused = retort("revision", "-m", "fork", "--head", "1975");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      "FAILED: Revision 1975ea83b712 is not a head revision; please specify --splice to create a new branch from this revision\n",
    );
    const spliced = retort(
      "revision",
      "-m",
      "fork",
      "--head",
      "1975",
      "--splice",
      "--rev-id",
      "f0a1b2c3d4e5",
    );
    expect(spliced.status, spliced.stderr).toBe(0);
    expect(generated(spliced)).toContain(
      'export const downRevision: string | readonly string[] | null = "1975ea83b712";',
    );
    expect(retort("branches").stdout).toContain("             -> f0a1b2c3d4e5 (head)\n");
  });

  test("--head base --branch-label starts a labelled root", () => {
    const result = retort(
      "revision",
      "-m",
      "create networking",
      "--head",
      "base",
      "--branch-label",
      "networking",
      "--rev-id",
      "a0b1c2d3e4f5",
    );
    expect(result.status, result.stderr).toBe(0);
    const text = generated(result);
    expect(text).toContain("export const downRevision: string | readonly string[] | null = null;");
    expect(text).toContain('export const branchLabels = ["networking"];');
    expect(retort("heads").stdout).toContain("a0b1c2d3e4f5 (networking) (head)\n");
  });

  test("--head <branch>@head --depends-on: a prefix is written as the full id, a label as the label", () => {
    const result = retort(
      "revision",
      "-m",
      "add ip account",
      "--head",
      "networking@head",
      "--depends-on",
      "ae10",
      "--depends-on",
      "networking",
      "--rev-id",
      "b0c1d2e3f4a5",
    );
    expect(result.status, result.stderr).toBe(0);
    const text = generated(result);
    expect(text).toContain('export const downRevision: string | readonly string[] | null = "a0b1c2d3e4f5";');
    expect(text).toContain('export const dependsOn = ["ae1027a6acf0", "networking"];');
    expect(retort("history", "-r", "networking@base:networking@head").stdout).toBe(
      "a0b1c2d3e4f5 (ae1027a6acf0, networking) -> b0c1d2e3f4a5 (networking) (head), add ip account\n" +
        "<base> -> a0b1c2d3e4f5 (networking), create networking\n" +
        // The range follows dependencies too; a revision only depended upon is an "effective head".
        "1975ea83b712 -> ae1027a6acf0 (effective head), add a column\n" +
        "<base> -> 1975ea83b712 (branchpoint), create account table\n",
    );
  });

  test.for([
    [
      "a branch label already in use",
      ["--head", "base", "--branch-label", "networking"],
      /^FAILED: Branch name 'networking' in revision \w+ already used by revision a0b1c2d3e4f5\n$/,
    ],
    [
      "an unknown --depends-on",
      ["--head", "networking@head", "--depends-on", "nope"],
      /^FAILED: Can't locate revision identified by 'nope'\n$/,
    ],
    ["an unknown --head", ["--head", "nope"], /^FAILED: Can't locate revision identified by 'nope'\n$/],
    [
      "an id already used",
      ["--head", "networking@head", "--rev-id", "ae1027a6acf0"],
      /^FAILED: Revision ae1027a6acf0 already exists\n$/,
    ],
  ])("%s is refused and writes no file", ([, args, message]) => {
    const files = () => readdirSync(path.join(project.dir, "migrations")).sort();
    const before = files();
    const result = retort("revision", "-m", "refused", ...(args as string[]));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message as RegExp);
    expect(files()).toEqual(before);
  });

  test("merge heads writes one revision with every real head as a parent and empty functions", () => {
    const result = retort("merge", "heads", "-m", "merge everything", "--rev-id", "c0d1e2f3a4b5");
    expect(result.status, result.stderr).toBe(0);
    const text = generated(result);
    expect(text).toContain(" * Revises: 27c6a30d7c24, b0c1d2e3f4a5, f0a1b2c3d4e5\n");
    expect(text).toContain(
      'export const downRevision: string | readonly string[] | null = ["27c6a30d7c24", "b0c1d2e3f4a5", "f0a1b2c3d4e5"];',
    );
    expect(text).toMatch(
      /export async function upgrade\(\{ op \}: MigrationContext\): Promise<void> \{\s*\}/,
    );
    // ae1027a6acf0 is not merged: b0c1d2e3f4a5 depends on it, so it is only an effective head.
    expect(retort("heads").stdout).toBe("ae1027a6acf0 (effective head)\nc0d1e2f3a4b5 (networking) (head)\n");
    expect(retort("history", "-r", "c0d1:").stdout.split("\n")[0]).toBe(
      "27c6a30d7c24, b0c1d2e3f4a5, f0a1b2c3d4e5 -> c0d1e2f3a4b5 (networking) (head) (mergepoint), merge everything",
    );
  });

  test("merge of named revisions, refusing ones that are not heads", () => {
    const refused = retort("merge", "-m", "again", "1975", "c0d1");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      "FAILED: Revision 1975ea83b712 is not a head revision; please specify --splice to create a new branch from this revision\n",
    );
    const twice = retort("merge", "-m", "again", "c0d1", "c0d1e2f3a4b5");
    expect(twice.stderr).toBe("FAILED: Duplicate head revisions specified\n");
  });
});

describe("offline SQL from a given start revision", () => {
  let linear: MigrationsProject;
  let merged: MigrationsProject;
  beforeAll(() => {
    linear = createGraphProject(LINEAR);
    merged = createGraphProject(MERGED);
  });
  afterAll(() => {
    linear?.remove();
    merged?.remove();
  });

  const record = (rev: string, direction: string) => [
    "CREATE TABLE IF NOT EXISTS ran (seq serial, rev text, direction text);",
    "",
    `INSERT INTO ran (rev, direction) VALUES ('${rev}', '${direction}');`,
    "",
  ];
  const VERSION = '"public"."retort_version"';

  test("upgrade <start>:<target> --sql: one transaction, each step and its version-table update", () => {
    const result = linear.run([...NO_DATABASE, "upgrade", "ae10:3cac", "--sql"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        "BEGIN;",
        "",
        "-- Running upgrade ae1027a6acf0 -> 3cac04ae8714",
        "",
        ...record("3cac04ae8714", "upgrade"),
        `UPDATE ${VERSION} SET version_num = '3cac04ae8714' WHERE version_num = 'ae1027a6acf0';`,
        "",
        "COMMIT;",
        "",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toBe(
      "INFO  [retort.runtime.migration] Running upgrade ae1027a6acf0 -> 3cac04ae8714, add an index\n",
    );
  });

  test("upgrade base:heads --sql creates the version table, then inserts, merges", () => {
    const result = merged.run([...NO_DATABASE, "upgrade", "base:heads", "--sql"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        "BEGIN;",
        "",
        `CREATE TABLE IF NOT EXISTS ${VERSION} (`,
        "    version_num varchar(32) NOT NULL,",
        '    CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num)',
        ");",
        "",
        "-- Running upgrade  -> 1975ea83b712",
        "",
        ...record("1975ea83b712", "upgrade"),
        `INSERT INTO ${VERSION} (version_num) VALUES ('1975ea83b712');`,
        "",
        "-- Running upgrade 1975ea83b712 -> 27c6a30d7c24",
        "",
        ...record("27c6a30d7c24", "upgrade"),
        `UPDATE ${VERSION} SET version_num = '27c6a30d7c24' WHERE version_num = '1975ea83b712';`,
        "",
        "-- Running upgrade 1975ea83b712 -> ae1027a6acf0",
        "",
        ...record("ae1027a6acf0", "upgrade"),
        `INSERT INTO ${VERSION} (version_num) VALUES ('ae1027a6acf0');`,
        "",
        "-- Running upgrade ae1027a6acf0, 27c6a30d7c24 -> 53fffde5ad50",
        "",
        ...record("53fffde5ad50", "upgrade"),
        `DELETE FROM ${VERSION} WHERE version_num = 'ae1027a6acf0';`,
        "",
        `UPDATE ${VERSION} SET version_num = '53fffde5ad50' WHERE version_num = '27c6a30d7c24';`,
        "",
        "COMMIT;",
        "",
        "",
      ].join("\n"),
    );
  });

  test("downgrade <start>:base --sql un-merges, then deletes the last row (the table stays)", () => {
    const result = merged.run([...NO_DATABASE, "downgrade", "53ff:base", "--sql"]);
    expect(result.status, result.stderr).toBe(0);
    const sql = result.stdout.split("\n").filter((line) => line !== "" && !line.includes(" ran "));
    expect(sql).toEqual([
      "BEGIN;",
      "-- Running downgrade 53fffde5ad50 -> ae1027a6acf0, 27c6a30d7c24",
      `INSERT INTO ${VERSION} (version_num) VALUES ('ae1027a6acf0');`,
      `UPDATE ${VERSION} SET version_num = '27c6a30d7c24' WHERE version_num = '53fffde5ad50';`,
      "-- Running downgrade ae1027a6acf0 -> 1975ea83b712",
      `DELETE FROM ${VERSION} WHERE version_num = 'ae1027a6acf0';`,
      "-- Running downgrade 27c6a30d7c24 -> 1975ea83b712",
      `UPDATE ${VERSION} SET version_num = '1975ea83b712' WHERE version_num = '27c6a30d7c24';`,
      "-- Running downgrade 1975ea83b712 -> ",
      `DELETE FROM ${VERSION} WHERE version_num = '1975ea83b712';`,
      "COMMIT;",
    ]);
  });

  test.for([
    [["downgrade", "-1", "--sql"], "FAILED: downgrade with --sql requires <fromrev>:<torev>\n"],
    [["upgrade", "ae10:head"], "FAILED: Range revision not allowed\n"],
    [["downgrade", "head:base"], "FAILED: Range revision not allowed\n"],
  ])("%j is refused", ([args, message]) => {
    const result = linear.run([...NO_DATABASE, ...(args as string[])]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(message);
    expect(result.stdout).toBe("");
  });
});
