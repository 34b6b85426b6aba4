/**
 * Renames are decided outside the differ and applied to the "from" side first; the objects that follow
 * a renamed table (TypeORM's hashed constraint and index names, its `<table>_<column>_enum` types) are
 * renamed too, never rebuilt.
 */
import { describe, expect, test } from "vitest";
import { diffSchemas, resolveRenames } from "../../src/diff/index.js";
import { markPossibleRenames } from "../../src/diff/possible-renames.js";
import type { RenameCandidate } from "../../src/diff/renames.js";
import { reverseAll } from "../../src/ops/reverse.js";
import type { Schema, Table } from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const user = (name: string, mailColumn = "mail"): Table => ({
  ...tbl(
    name,
    [col("id", "integer", { nullable: false }), col(mailColumn, "text"), col("role", `${name}_role_enum`)],
    ["id"],
  ),
  primaryKey: { kind: "primaryKey", name: `PK_${name}`, columns: ["id"] },
  indexes: [
    {
      kind: "index",
      name: `IDX_${name}_mail`,
      unique: false,
      method: "btree",
      elements: [{ value: mailColumn, expression: false, descending: false }],
      include: [],
      nullsNotDistinct: false,
    },
  ],
});
const withEnum = (table: Table): Schema => ({
  ...schemaOf(table),
  enums: [{ kind: "enum", schema: "public", name: `${table.name}_role_enum`, values: ["admin", "member"] }],
});

describe("renames", () => {
  test("a candidate answered no stays a drop and an add", async () => {
    const from = schemaOf(tbl("user", [col("id", "integer"), col("mail", "text")]));
    const to = schemaOf(tbl("user", [col("id", "integer"), col("email", "text")]));
    const asked: RenameCandidate[] = [];
    const renames = await resolveRenames(from, to, (c) => {
      asked.push(c);
      return false;
    });
    expect(asked).toEqual([
      { kind: "column", schema: "public", table: "user", from: "mail", to: "email", compatible: true },
    ]);
    expect(diffSchemas(from, to, { renames }).operations.map((o) => o.kind)).toEqual([
      "addColumn",
      "dropColumn",
    ]);
  });

  test("a column rename answered yes is one renameColumn; its inverse renames back", async () => {
    const from = schemaOf(user("user"));
    const to = schemaOf(user("user", "email"));
    const renames = await resolveRenames(from, to, () => true);
    const { operations } = diffSchemas(withEnum(user("user")), withEnum(user("user", "email")), { renames });
    expect(operations).toEqual([
      { kind: "renameColumn", schema: "public", table: "user", from: "mail", to: "email" },
    ]);
    expect(reverseAll(operations)).toEqual([
      { kind: "renameColumn", schema: "public", table: "user", from: "email", to: "mail" },
    ]);
  });

  test("a table rename takes its enum, primary key and index names along", async () => {
    const from = withEnum(user("user"));
    const to = withEnum(user("account"));
    const renames = await resolveRenames(from, to, () => true);
    expect(renames.tables).toEqual([{ schema: "public", from: "user", to: "account" }]);
    const kinds = diffSchemas(from, to, { renames }).operations.map(
      (o) => `${o.kind}:${"to" in o ? o.to : ""}`,
    );
    expect(kinds).toEqual([
      "renameTable:account",
      "renameEnum:account_role_enum",
      "renameConstraint:PK_account",
      "renameIndex:IDX_account_mail",
    ]);
  });

  test("without renames the same change drops the table (data loss) and creates another", () => {
    const kinds = diffSchemas(withEnum(user("user")), withEnum(user("account"))).operations.map(
      (o) => o.kind,
    );
    expect(kinds).toContain("dropTable");
    expect(kinds).toContain("createTable");
  });

  test("columns of different types are offered as incompatible: only an explicit hint renames them", async () => {
    const from = schemaOf(tbl("t", [col("a", "text")]));
    const to = schemaOf(tbl("t", [col("b", "integer")]));
    const asked: RenameCandidate[] = [];
    await resolveRenames(from, to, (c) => {
      asked.push(c);
      return false;
    });
    expect(asked).toEqual([
      { kind: "column", schema: "public", table: "t", from: "a", to: "b", compatible: false },
    ]);
  });

  test("a look-alike nobody answered is a possible rename: the drop's data loss and the add's note name the flag", async () => {
    const from = schemaOf(
      tbl("users", [col("id", "integer"), col("displayName", "text"), col("age", "integer")]),
    );
    const to = schemaOf(tbl("users", [col("id", "integer"), col("fullName", "text"), col("born", "date")]));
    const renames = await resolveRenames(from, to, () => undefined);
    // age → born changes type: not a look-alike.
    expect(renames.possible).toEqual([
      { kind: "column", schema: "public", table: "users", from: "displayName", to: "fullName" },
    ]);
    const ops = markPossibleRenames(diffSchemas(from, to, { renames }).operations, renames.possible);
    const flag = "--rename users.displayName=users.fullName";
    expect(ops.find((o) => o.kind === "addColumn" && o.column.name === "fullName")?.notes).toEqual([
      `Possible rename: pass ${flag} to keep the values`,
    ]);
    expect(ops.find((o) => o.kind === "dropColumn" && o.column.name === "displayName")?.hazards).toEqual([
      {
        kind: "data-loss",
        reason: `drops column users.displayName and its values (possible rename: pass ${flag} to keep them)`,
      },
    ]);
    const unrelated = ops.filter(
      (o) => (o.kind === "addColumn" || o.kind === "dropColumn") && ["age", "born"].includes(o.column.name),
    );
    expect(unrelated.map((o) => o.notes ?? o.hazards?.map((h) => h.reason))).toEqual([
      undefined,
      ["drops column users.age and its values"],
    ]);
    // The downgrade's inverses do not inherit the note.
    expect(reverseAll(ops).some((o) => o.notes)).toBe(false);
  });

  test("a table look-alike in another schema: --rename-table with the schema, quoted where a shell needs it", async () => {
    const from = schemaOf(tbl("old list", [col("id", "integer")], undefined, "sales"));
    const to = schemaOf(tbl("lists", [col("id", "integer")], undefined, "sales"));
    const renames = await resolveRenames(from, to, () => undefined);
    const ops = markPossibleRenames(diffSchemas(from, to, { renames }).operations, renames.possible);
    expect(ops.find((o) => o.kind === "createTable")?.notes).toEqual([
      "Possible rename: pass --rename-table 'sales.old list=lists' to keep the rows",
    ]);
    expect(ops.find((o) => o.kind === "dropTable")?.hazards?.[0]?.reason).toMatch(
      /every row \(possible rename: pass --rename-table 'sales\.old list=lists' to keep them\)$/,
    );
  });

  test("answered candidates, and look-alikes a later answer settles, are not possible renames", async () => {
    const from = schemaOf(tbl("t", [col("a", "text")]));
    const to = schemaOf(tbl("t", [col("b", "text"), col("c", "text")]));
    // a → b unanswered, then a → c accepted: a is taken, so a → b is no longer a guess.
    const renames = await resolveRenames(from, to, (c) =>
      c.kind === "column" && c.to === "c" ? true : undefined,
    );
    expect(renames.columns).toEqual([{ schema: "public", table: "t", from: "a", to: "c" }]);
    expect(renames.possible).toEqual([]);
    expect((await resolveRenames(from, to, () => false)).possible).toEqual([]);
  });
});
