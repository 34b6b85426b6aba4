/** The pure parts of import-typeorm, one table of cases each. */
import { describe, expect, test } from "vitest";
import { lastAppliedOf } from "../../src/import-typeorm/applied-migrations.js";
import { leftChanged, notUndoneReason } from "../../src/import-typeorm/down-check.js";
import { importedRevisionId, renderImportedFile } from "../../src/import-typeorm/imported-file.js";
import { inlineParameters } from "../../src/import-typeorm/inline-parameters.js";
import { isBookkeeping } from "../../src/import-typeorm/query-recorder.js";
import { headerComment } from "../../src/runner/script-directory.js";
import type { Schema } from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

describe("inlineParameters", () => {
  test.for<[string, unknown[], string]>([
    ["INSERT INTO t(a, b) VALUES ($1, $2)", ["x", 2], "INSERT INTO t(a, b) VALUES ('x', '2')"],
    ["SELECT $1, $1", ["it's"], "SELECT 'it''s', 'it''s'"],
    ["SELECT $1", [null], "SELECT NULL"],
    ["SELECT $1", [true], "SELECT 'true'"],
    ["SELECT $1", ["a\\b"], "SELECT E'a\\\\b'"],
    ["SELECT $1", [{ k: "v" }], `SELECT '{"k":"v"}'`],
    ["SELECT $1", [["a", "b c"]], `SELECT '{"a","b c"}'`],
    ["SELECT $1", [Buffer.from([1, 255])], "SELECT E'\\\\x01ff'"],
    ["SELECT '$1', \"$1\", $1 -- $1\n", ["v"], "SELECT '$1', \"$1\", 'v' -- $1\n"],
    ["SELECT $f$ $1 $f$, $$ $1 $$, /* $1 */ $1", ["v"], "SELECT $f$ $1 $f$, $$ $1 $$, /* $1 */ 'v'"],
    ["SELECT E'\\' $1', $1", ["v"], "SELECT E'\\' $1', 'v'"],
    ["SELECT $1, $2", ["only one"], "SELECT 'only one', $2"],
    ["CREATE TABLE t (a int)", [], "CREATE TABLE t (a int)"],
  ])("%s with %j", ([query, parameters, expected]) => {
    expect(inlineParameters(query, parameters)).toBe(expected);
  });
});

describe("isBookkeeping", () => {
  test.for<[string, boolean]>([
    ["START TRANSACTION", true],
    ["COMMIT", true],
    ["ROLLBACK TO SAVEPOINT typeorm_1", true],
    ["SELECT * FROM current_schema()", true],
    ["SELECT version()", true],
    [`SELECT * FROM "information_schema"."tables" WHERE "table_name" = 'book'`, true],
    ['SELECT "ns"."nspname" FROM "pg_namespace" "ns"', true],
    ["SHOW server_version", true],
    ['CREATE TABLE "book" ("id" int)', false],
    [`INSERT INTO "typeorm_metadata"("type", "name") VALUES ('VIEW', 'v')`, false],
    ['SELECT "id" FROM "book"', false],
    [`SELECT "t".* FROM "typeorm_metadata" "t" WHERE "type" = 'VIEW'`, true],
    ['SELECT * FROM (SELECT "f_table_schema" FROM "geometry_columns") AS _', true],
    ['SELECT "c"."relname" FROM pg_catalog.pg_class c', true],
    [`SELECT setval(pg_get_serial_sequence('"author"', 'id'), (SELECT max("id") FROM "author"))`, false],
    ["SELECT pg_catalog.set_config('search_path', '', false)", false],
    ["UPDATE book SET title = upper(title)", false],
  ])("%s → %s", ([query, expected]) => {
    expect(isBookkeeping(query)).toBe(expected);
  });
});

describe("lastAppliedOf", () => {
  const ordered = ["A1", "B2", "C3"];
  test.for<[string[], string | undefined]>([
    [[], undefined],
    [["A1"], "A1"],
    [["A1", "B2"], "B2"],
    [["B2", "A1", "C3"], "C3"],
  ])("%j → %s", ([applied, expected]) => {
    expect(lastAppliedOf(ordered, applied)).toBe(expected);
  });
  test("a gap before an applied migration names both", () => {
    expect(() => lastAppliedOf(ordered, ["A1", "C3"])).toThrow(
      /B2 has not run, but the later C3 has; run or remove it with TypeORM first/,
    );
  });
  test("an applied migration that is not in the folder is named", () => {
    expect(() => lastAppliedOf(ordered, ["A1", "Z9"])).toThrow(/not among those found: Z9/);
  });
});

describe("the imported file", () => {
  const migration = {
    name: "Seed1700000000000",
    timestamp: 1700000000000,
    file: "src/migrations/1700000000000-Seed.ts",
    instance: { up: async () => {}, down: async () => {} },
  };
  test("ids are the same on every import, and differ between migrations", () => {
    expect(importedRevisionId("Seed1700000000000")).toMatch(/^[0-9a-f]{12}$/);
    expect(importedRevisionId("Seed1700000000000")).toBe(importedRevisionId("Seed1700000000000"));
    expect(importedRevisionId("Seed1700000000001")).not.toBe(importedRevisionId("Seed1700000000000"));
  });
  test("statements are JSON strings, one call each; the header reads like a retort migration's", () => {
    const text = renderImportedFile({
      migration,
      revision: "abc123abc123",
      downRevision: null,
      upgrade: [`INSERT INTO "t" VALUES ('a\\b', 'it''s */')`],
      downgrade: [],
    });
    expect(text).toContain(`  await op.execute("INSERT INTO \\"t\\" VALUES ('a\\\\b', 'it''s */')");\n`);
    expect(text).toContain("  // TypeORM's down() sent no statement.\n");
    const header = headerComment(text)!;
    expect(header.split("\n")[0]).toBe("Seed1700000000000");
    expect(header).toContain("Revision ID: abc123abc123");
    // The first revision: nothing after "Revises:", not even a space.
    expect(text).toContain("\n * Revises:\n");
    expect(text).toContain("export const downRevision: string | readonly string[] | null = null;");
  });
  test("an irreversible one's downgrade() raises, its header says why, whatever the reason's text", () => {
    const reason = `its down() failed: relation "x */" does not exist`;
    const text = renderImportedFile({
      migration,
      revision: "abc123abc123",
      downRevision: null,
      upgrade: [],
      downgrade: ['DROP TABLE "x"'],
      irreversible: { reason, differences: [] },
    });
    expect(headerComment(text)).toContain(
      `Irreversible: ${reason.replace("*/", "*\\/")}, so downgrade() raises an error.`,
    );
    expect(text).toContain(
      `export async function downgrade(): Promise<void> {\n  // TypeORM's down() failed on import (see the header).\n`,
    );
    expect(text).toContain(`  // await op.execute("DROP TABLE \\"x\\"");\n`);
    const thrown = /^ {2}throw new Error\((.*)\);$/m.exec(text)?.[1];
    expect(JSON.parse(thrown!)).toBe(
      `Revision abc123abc123 (TypeORM Seed1700000000000) cannot be downgraded: on import, ${reason}`,
    );
  });
});

describe("whether a down() undid its up()", () => {
  const withExtensions = (schema: Schema, ...names: string[]): Schema => ({
    ...schema,
    extensions: names.map((name) => ({ kind: "extension", name, schema: "public" })),
  });
  // Built afresh for each case: an `after` that happens to be the very same object proves nothing.
  const schema = (columns: string[], ...extensions: string[]) =>
    withExtensions(
      schemaOf(
        tbl(
          "a",
          columns.map((name) => col(name, "integer")),
        ),
      ),
      ...extensions,
    );
  const before = schema(["id", "b"], "uuid-ossp");
  test.for<[string, Schema, string[]]>([
    ["the same schema", schema(["id", "b"], "uuid-ossp"), []],
    // A re-added column can only be appended.
    ["columns in another order", schema(["b", "id"], "uuid-ossp"), []],
    ["an extension the down() left installed", schema(["id", "b"], "uuid-ossp", "pg_trgm"), []],
    ["an extension the down() dropped", schema(["id", "b"]), ["extension public.uuid-ossp removed"]],
    ["a column left behind", schema(["id", "b", "c"], "uuid-ossp"), ["table public.a: column c added"]],
    ["a column dropped", schema(["id"], "uuid-ossp"), ["table public.a: column b removed"]],
  ])("%s", ([, after, expected]) => {
    expect(leftChanged(before, after)).toEqual(expected);
  });
  test("the reason is one line showing the first three differences", () => {
    expect(notUndoneReason(["a", "b"])).toBe("its down() did not undo its up(): a; b");
    expect(notUndoneReason(["a", "b", "c", "d"])).toBe("its down() did not undo its up(): a; b; c; …");
  });
});
