/** Each hazard kind appears where it should and nowhere else (the facts stand in for the database). */
import { describe, expect, test } from "vitest";
import { annotateHazards, typeChangeEffect } from "../../src/diff/hazards.js";
import type { Operation } from "../../src/ops/operations.js";
import { col, tbl } from "../support/ir-builders.js";

const withRows = { withRows: new Set(["public.users"]), large: new Set<string>() };
const large = { withRows: new Set(["public.users"]), large: new Set(["public.users"]) };
const kindsOf = (op: Operation, facts = withRows) =>
  (annotateHazards([op], facts)[0]!.hazards ?? []).map((h) => h.kind);
const alter = (from: string, to: string): Operation => ({
  kind: "alterColumn",
  schema: "public",
  table: "users",
  column: "c",
  existing: col("c", from),
  modify: { type: to },
});

describe("type changes", () => {
  test.for([
    ["character varying(50)", "character varying(255)", []],
    ["character varying(50)", "text", []],
    ["text", "character varying(20)", ["data-loss"]],
    ["character varying(255)", "character varying(50)", ["data-loss"]],
    ["integer", "bigint", ["table-rewrite"]],
    ["bigint", "integer", ["data-loss", "table-rewrite"]],
    ["numeric(10,2)", "numeric(12,2)", []],
    ["numeric(12,2)", "numeric(10,2)", ["data-loss"]],
    ["numeric(10,2)", "numeric(10,4)", ["data-loss", "table-rewrite"]],
    ["text", "integer", ["table-rewrite"]],
    ["integer[]", "integer", ["data-loss", "table-rewrite"]],
    ["timestamp(6) with time zone", "timestamp(3) with time zone", ["data-loss"]],
  ] as const)("%s → %s: %j", ([from, to, expected]) => {
    expect(kindsOf(alter(from, to))).toEqual(expected);
  });

  test("typeChangeEffect keeps varchar widening free", () => {
    expect(typeChangeEffect("character varying(10)", "character varying")).toEqual({
      narrowing: false,
      rewrite: false,
    });
  });
});

describe("rows and locks", () => {
  const setNotNull: Operation = {
    kind: "alterColumn",
    schema: "public",
    table: "users",
    column: "c",
    existing: col("c", "text"),
    modify: { nullable: false },
  };
  const notNullColumn: Operation = {
    kind: "addColumn",
    schema: "public",
    table: "users",
    column: col("c", "text", { nullable: false }),
  };
  const index: Operation = {
    kind: "createIndex",
    schema: "public",
    table: "users",
    index: {
      kind: "index",
      name: "IDX",
      unique: false,
      method: "btree",
      elements: [],
      include: [],
      nullsNotDistinct: false,
    },
  };

  test("SET NOT NULL may fail on a table with rows, and locks a large one", () => {
    expect(kindsOf(setNotNull)).toEqual(["failure-risk"]);
    expect(kindsOf(setNotNull, large)).toEqual(["failure-risk", "long-lock"]);
    expect(kindsOf(setNotNull, { withRows: new Set(), large: new Set() })).toEqual([]);
  });

  test("a NOT NULL column without default may fail on a table with rows; with a default it is fine", () => {
    expect(kindsOf(notNullColumn)).toEqual(["failure-risk"]);
    expect(
      kindsOf({
        ...notNullColumn,
        column: col("c", "text", { nullable: false, default: "''::text" }),
      } as Operation),
    ).toEqual([]);
  });

  test("an index on an existing table with rows is a long lock; on a table created in the same migration it is not", () => {
    expect(kindsOf(index)).toEqual(["long-lock"]);
    const created: Operation = { kind: "createTable", table: tbl("users", [col("c", "text")]) };
    expect(annotateHazards([created, index], withRows)[1]!.hazards).toBeUndefined();
  });

  test("removing an enum label is data loss; adding one is not", () => {
    const base = { kind: "alterEnum" as const, schema: "public", name: "e", usages: [] };
    expect(kindsOf({ ...base, from: ["a", "b"], to: ["a"] })).toEqual(["data-loss"]);
    expect(kindsOf({ ...base, from: ["a"], to: ["a", "b"] })).toEqual([]);
  });
});

describe("every hazard names what it is about", () => {
  const reasonsOf = (op: Operation, facts = large) =>
    (annotateHazards([op], facts)[0]!.hazards ?? []).map((h) => h.reason);

  test("column hazards name the table and the column", () => {
    expect(reasonsOf(alter("integer", "bigint"))).toEqual([
      "users.c: integer → bigint rewrites every row of users",
    ]);
    expect(
      reasonsOf({ ...alter("text", "text"), modify: { nullable: false } } as Operation).every((r) =>
        r.startsWith("users.c: SET NOT NULL"),
      ),
    ).toBe(true);
    expect(
      reasonsOf({
        kind: "addColumn",
        schema: "public",
        table: "users",
        column: col("age", "integer", { nullable: false }),
      }),
    ).toEqual(["users.age: users has rows, and a NOT NULL column with no default cannot be added"]);
  });

  test("index and foreign key hazards name their columns; enum labels name the columns that use them", () => {
    const index: Operation = {
      kind: "createIndex",
      schema: "public",
      table: "users",
      index: {
        kind: "index",
        name: "IDX_mail",
        unique: false,
        method: "btree",
        elements: [{ value: "mail", expression: false, descending: false }],
        include: [],
        nullsNotDistinct: false,
      },
    };
    expect(reasonsOf(index)).toEqual([
      "building IDX_mail on users (mail) blocks writes to users (--online builds it CONCURRENTLY)",
    ]);
    expect(
      reasonsOf({
        kind: "alterEnum",
        schema: "public",
        name: "users_role_enum",
        from: ["admin", "member"],
        to: ["admin"],
        usages: [{ schema: "public", table: "users", column: "role", array: false }],
      }),
    ).toEqual(["labels 'member' of users_role_enum are removed (used by users.role)"]);
  });
});
