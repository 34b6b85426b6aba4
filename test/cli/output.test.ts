/**
 * What the CLI prints: the autogenerate summary, --quiet, the --json shapes of check, current, heads and
 * history (a contract scripts rely on: the README documents them), colour only where it belongs.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { colourEnabled, painterFor } from "../../src/cli/colours.js";
import { operationSummary } from "../../src/cli/operation-summary.js";
import { summariseOperation } from "../../src/commands/check-report.js";
import type { Operation } from "../../src/ops/operations.js";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import { createConfiguredProject, createProject, type Project } from "../support/project.js";

describeWithDatabase("CLI output", () => {
  const db = useDatabase("retort_output");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });

  beforeAll(() => {
    project = createConfiguredProject("users-app");
  });
  afterAll(() => project?.remove());

  test("revision --autogenerate: a summary grouped by table, hazards under their operation, no colour codes", async () => {
    expect(
      retort("revision", "--autogenerate", "-m", "create users", "--rev-id", "a00000000001").status,
    ).toBe(0);
    expect(retort("upgrade", "head").status).toBe(0);
    await query(db().url, "ALTER TABLE users ADD COLUMN legacy integer; CREATE TABLE old_stuff (id integer)");
    const result = retort("revision", "--autogenerate", "-m", "tidy", "--rev-id", "b00000000002");
    expect(result.status, result.stderr).toBe(0);
    const summary = result.stderr.slice(result.stderr.indexOf("Detected 2 operations:"));
    expect(summary.split("\n").slice(0, 7)).toEqual([
      "Detected 2 operations:",
      "  users",
      "    - drop column legacy",
      "        DATA LOSS: drops column users.legacy and its values",
      "  old_stuff",
      "    - drop table",
      "        DATA LOSS: no entity maps to table old_stuff: dropping it deletes every row",
    ]);
    expect(result.stderr).not.toContain("\x1b[");
    expect(result.stdout).toMatch(/^Generating .*b00000000002_tidy\.ts \.\.\. {2}done\n$/);
  });

  test("--quiet leaves out the INFO lines", () => {
    const result = retort("--quiet", "upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(retort("current").stdout).toBe("b00000000002 (head)\n");
  });

  test("current --json and heads --json", () => {
    const currentJson = JSON.parse(retort("current", "--json").stdout);
    const headsJson = JSON.parse(retort("heads", "--json").stdout);
    const expected = {
      revision: "b00000000002",
      downRevisions: ["a00000000001"],
      message: "tidy",
      branchLabels: [],
      dependsOn: [],
      isHead: true,
      isBranchPoint: false,
      isMergePoint: false,
      path: path.join(project.dir, "migrations/b00000000002_tidy.ts"),
      createDate: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/),
    };
    expect(currentJson).toEqual({ heads: [{ ...expected, isCurrent: true }] });
    // heads reads no database: isCurrent is null, not false.
    expect(headsJson).toEqual({ heads: [{ ...expected, isCurrent: null }] });
  });

  test("history --json, newest first, with -i", () => {
    const result = retort("history", "--json", "-i");
    expect(result.status, result.stderr).toBe(0);
    const { revisions } = JSON.parse(result.stdout);
    expect(revisions.map((r: { revision: string; isCurrent: boolean }) => [r.revision, r.isCurrent])).toEqual(
      [
        ["b00000000002", true],
        ["a00000000001", false],
      ],
    );
  });

  test("check --json: up to date, then the operations with their hazards and exit 1", async () => {
    const clean = retort("check", "--json");
    expect(clean.status, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({
      upToDate: true,
      operations: [],
      detections: [],
      roundTrip: [],
      notes: [],
    });

    await query(db().url, "ALTER TABLE users ADD COLUMN extra text");
    const dirty = retort("check", "--json");
    expect(dirty.status).toBe(1);
    expect(JSON.parse(dirty.stdout)).toEqual({
      upToDate: false,
      operations: [
        {
          kind: "dropColumn",
          schema: "public",
          table: "users",
          description: "drop column extra",
          hazards: [{ kind: "data-loss", reason: expect.stringContaining("users.extra") }],
          notes: [],
        },
      ],
      detections: ["Detected removed column 'users.extra'"],
      roundTrip: [],
      notes: [],
    });
    expect(dirty.stderr).toMatch(/^FAILED: New upgrade operations detected/m);
  });

  test("check: the summary revision prints, on stdout, every hazard under its operation and naming its column", async () => {
    // The database still has the `extra` column of the test before; the model gains a NOT NULL column.
    await query(db().url, "INSERT INTO users (name, age) VALUES ('ada', 36)");
    const entity = path.join(project.dir, "src/entity/User.ts");
    writeFileSync(
      entity,
      readFileSync(entity, "utf8").replace(/}\s*$/, "\n  @Column()\n  score!: number;\n}\n"),
    );
    const result = retort("check");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      [
        "Detected 2 operations:",
        "  users",
        "    + add column score integer NOT NULL",
        "        MAY FAIL: users.score: users has rows, and a NOT NULL column with no default cannot be added",
        "    - drop column extra",
        "        DATA LOSS: drops column users.extra and its values",
        "",
      ].join("\n"),
    );
    // Alembic's "Detected ..." lines are log lines, as for revision --autogenerate.
    expect(result.stderr).toContain(
      "INFO  [retort.autogenerate.compare] Detected added column 'users.score'\n",
    );
    expect(result.stderr).toMatch(/^FAILED: New upgrade operations detected: 2 to generate/m);
    expect(result.stderr).not.toContain("\x1b[");
  });

  test("check on a database behind its migrations names the pending revisions, oldest first", () => {
    expect(retort("revision", "-m", "later", "--rev-id", "c00000000003").status).toBe(0);
    const behind = retort("check");
    expect(behind.status).toBe(1);
    expect(behind.stderr).toBe("FAILED: Target database is not up to date. Pending: c00000000003 (later)\n");
    expect(retort("downgrade", "-1").status).toBe(0);
    const further = retort("check", "--json");
    expect(further.status).toBe(1);
    expect(JSON.parse(further.stdout)).toEqual({
      error: "Target database is not up to date. Pending: b00000000002 (tidy), c00000000003 (later)",
    });
  });
});

describeWithDatabase("config through the CLI: a DataSource module, file names, templates", () => {
  const db = useDatabase("retort_config_cli");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });
  const migrations = () => readdirSync(path.join(project.dir, "migrations")).sort();

  beforeAll(() => {
    project = createProject("datasource-app");
    mkdirSync(path.join(project.dir, "migrations"));
  });
  afterAll(() => project?.remove());

  test("an .mjs config naming the DataSource module, a fileName pattern and a template file", () => {
    writeFileSync(
      path.join(project.dir, "retort.config.mjs"),
      "export default {\n" +
        '  dataSource: "./src/data-source.ts",\n' +
        '  fileName: "{year}{month}{day}_{slug}",\n' +
        '  template: "./migration.template",\n' +
        "};\n",
    );
    writeFileSync(
      path.join(project.dir, "migration.template"),
      "// Reviewed by: \n{{header}}\n{{imports}}\n\n{{exports}}\n\n{{upgrade}}\n\n{{downgrade}}\n",
    );
    const result = retort("revision", "--autogenerate", "-m", "create posts", "--rev-id", "c00000000003");
    expect(result.status, result.stderr).toBe(0);
    const [file] = migrations();
    expect(file).toMatch(/^\d{8}_create_posts\.ts$/);
    // The DataSource's naming strategy and entities were used, and the file loads back as a migration.
    expect(retort("upgrade", "head").status).toBe(0);
    expect(retort("heads").stdout).toBe("c00000000003 (head)\n");
  });

  test("retort never overwrites a migration: the same file name again is refused", () => {
    const before = migrations();
    const result = retort("revision", "-m", "create posts", "--rev-id", "d00000000004");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^FAILED: .*_create_posts\.ts already exists; retort never overwrites a migration file\n$/,
    );
    expect(migrations()).toEqual(before);
  });
});

describe("colour", () => {
  test("only on a terminal, never with NO_COLOR or TERM=dumb", () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(painterFor({ isTTY: false }, {})("red", "x")).toBe("x");
    expect(painterFor({ isTTY: true }, {})("red", "x")).toBe("\x1b[31mx\x1b[39m");
    expect(painterFor({ isTTY: true }, {})(["bold", "red"], "x")).toBe("\x1b[1m\x1b[31mx\x1b[39m\x1b[22m");
  });

  test("the summary paints table names, markers and hazard lines, nothing else", () => {
    const op = {
      kind: "dropColumn",
      schema: "public",
      table: "users",
      column: { kind: "column", name: "bio", type: "text", nullable: true },
      hazards: [{ kind: "data-loss", reason: "drops column users.bio and its values" }],
      notes: ["Possible rename: pass --rename users.bio=users.about to keep the values"],
    } as Operation;
    const marks: string[] = [];
    operationSummary([summariseOperation(op)], (style, text) => {
      marks.push(`${String(style)}:${text}`);
      return text;
    });
    expect(marks).toEqual([
      "bold:users",
      "red:-",
      "red:DATA LOSS: drops column users.bio and its values",
      "cyan:Possible rename: pass --rename users.bio=users.about to keep the values",
    ]);
  });
});
