/**
 * The parts of a squash that need no database: which `op.execute` SQL the warning lists, how the
 * warning and the `replaces` export are written, and that the loader reads `replaces` back, from the
 * text alone or by loading the module.
 */
import { describe, expect, test } from "vitest";
import { renderDataStepsWarning } from "../../src/codegen/data-steps-warning.js";
import { renderMigrationFile } from "../../src/codegen/migration-file.js";
import { loadScript } from "../../src/runner/script-directory.js";
import { handWrittenSql } from "../../src/runtime/hand-written-sql.js";
import type { MigrationContext } from "../../src/runtime/op-api.js";
import { createMigrationsProject } from "../support/migrations-dir.js";

describe("the SQL a squash warns about", () => {
  const executing =
    (...statements: string[]) =>
    async ({ op }: MigrationContext) => {
      await op.createTable("t", [{ name: "id", type: "integer" }]);
      for (const statement of statements) await op.execute(statement);
    };

  test.for([
    // Data, and schema objects the IR does not hold: listed.
    { sql: "UPDATE author SET email = name WHERE email IS NULL", listed: true },
    { sql: "-- seed\nINSERT INTO tag (name) VALUES ('news')", listed: true },
    { sql: "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", listed: true },
    { sql: "CREATE TRIGGER t BEFORE INSERT ON author FOR EACH ROW EXECUTE FUNCTION f()", listed: true },
    { sql: "ALTER TABLE author ENABLE ROW LEVEL SECURITY", listed: true },
    { sql: "ALTER TABLE author OWNER TO app", listed: true },
    { sql: "GRANT SELECT ON author TO reader", listed: true },
    // DDL the diff between the two schemas rebuilds (a TypeORM migration imported as op.execute).
    { sql: 'CREATE TABLE "author" ("id" SERIAL NOT NULL)', listed: false },
    { sql: 'ALTER TABLE "author" ADD "bio" text', listed: false },
    { sql: '/* TypeORM */ CREATE UNIQUE INDEX "IDX_1" ON "author" ("email")', listed: false },
    { sql: "CREATE INDEX CONCURRENTLY i ON author (name)", listed: false },
    { sql: "CREATE TYPE post_status AS ENUM ('draft')", listed: false },
    { sql: "CREATE OR REPLACE VIEW v AS SELECT 1", listed: false },
    { sql: 'COMMENT ON COLUMN "author"."bio" IS \'about\'', listed: false },
    { sql: "ALTER INDEX i RENAME TO j", listed: false },
  ])("$sql → listed: $listed", async ({ sql, listed }) => {
    expect(await handWrittenSql(executing(sql), "public")).toEqual(listed ? [sql] : []);
  });

  test("the warning names each revision and indents its statements", () => {
    expect(
      renderDataStepsWarning([
        { revision: "r03", message: "backfill", statements: ["UPDATE a\nSET b = 1"] },
        { revision: "r25", message: "", statements: ["INSERT INTO tag VALUES (1)", "DELETE FROM tag"] },
      ]),
    ).toBe(
      [
        "// WARNING: the revisions this squash replaces ran the SQL below by hand (op.execute). It is not",
        "// in upgrade(): a database built from this file never runs it. Backfills and other data changes",
        "// are usually not needed on a new database; anything else (a function, a trigger, a grant, rows",
        "// the application needs) must be added to upgrade() and downgrade() by hand.",
        "//",
        "// r03 (backfill):",
        "//   UPDATE a",
        "//   SET b = 1",
        "//",
        "// r25:",
        "//   INSERT INTO tag VALUES (1)",
        "//   DELETE FROM tag",
      ].join("\n"),
    );
    expect(renderDataStepsWarning([])).toBeUndefined();
  });
});

describe("the file", () => {
  const spec = (replaces: string[]) => ({
    revision: "5c0a5b000001",
    downRevision: null,
    message: "baseline",
    createDate: new Date(2026, 10, 24, 10, 15),
    upgrade: [],
    downgrade: [],
    replaces,
    dataSteps: [{ revision: "r1", message: "seed", statements: ["INSERT INTO t VALUES (1)"] }],
  });
  const many = Array.from({ length: 12 }, (_, i) => `a${i}b2c3d4e5f6`);

  test("`replaces` on one line when short, one id a line when long", () => {
    expect(renderMigrationFile(spec(["r1", "r2"]))).toContain('export const replaces = ["r1", "r2"];\n');
    expect(renderMigrationFile(spec(many))).toContain(
      `export const replaces = [\n${many.map((id) => `  "${id}"`).join(",\n")}\n];\n`,
    );
  });

  test("the warning follows the header, and the header still gives the message", async () => {
    const text = renderMigrationFile(spec(["r1", "r2"]));
    expect(text).toMatch(/Create Date: 2026-11-24 10:15:00.000\n \*\/\n\/\/ WARNING: /);
    const script = await loadScript("/nowhere/5c0a5b000001_baseline.ts", text);
    expect(script.revision.message).toBe("baseline");
  });

  test.for([
    ["short", ["r1", "r2"]],
    ["long", many],
  ] as const)("the loader reads a %s `replaces` from the text", async ([, replaces]) => {
    // From the text alone: no such file exists to load.
    const script = await loadScript(
      "/nowhere/5c0a5b000001_baseline.ts",
      renderMigrationFile(spec([...replaces])),
    );
    expect(script.revision.replaces).toEqual(replaces);
  });

  test("and from a module whose exports are not literals", async () => {
    const project = createMigrationsProject();
    try {
      const file = project.writeFile(
        "migrations/s1_baseline.ts",
        [
          'const first = "r1";',
          'export const revision = "s1";',
          "export const downRevision = null;",
          'export const replaces = [first, "r2"];',
          "export async function upgrade() {}",
          "export async function downgrade() {}",
          "",
        ].join("\n"),
      );
      expect((await loadScript(file)).revision.replaces).toEqual(["r1", "r2"]);
    } finally {
      project.remove();
    }
  });
});
