import { describe, expect, test } from "vitest";
import { diffSchemas } from "../../src/diff/index.js";
import type { Operation } from "../../src/ops/operations.js";
import type { Schema } from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const id = col("id", "integer", { nullable: false, serial: true });
const users = (...extra: ReturnType<typeof col>[]) => tbl("users", [id, ...extra], ["id"]);

interface Case {
  name: string;
  from: Schema;
  to: Schema;
  /** Each expected operation, compared as a subset of the actual one. */
  ops: Partial<Operation>[];
}

const cases: Case[] = [
  {
    name: "identical schemas give nothing",
    from: schemaOf(users(col("name", "text"))),
    to: schemaOf(users(col("name", "text"))),
    ops: [],
  },
  {
    name: "a new table is created",
    from: schemaOf(),
    to: schemaOf(users()),
    ops: [{ kind: "createTable", table: users() }],
  },
  {
    // A column an upgrade added or a downgrade re-added sits at the end of its table in the database
    // and wherever the entity declares it in the model: no migration can (or should) move it.
    name: "the same columns in another order give nothing",
    from: schemaOf(users(col("name", "text"), col("avatar", "text"), col("bio", "text"))),
    to: schemaOf(tbl("users", [col("bio", "text"), col("avatar", "text"), id, col("name", "text")], ["id"])),
    ops: [],
  },
  {
    name: "a table no entity maps to is dropped, with a data-loss hazard",
    from: schemaOf(users()),
    to: schemaOf(),
    ops: [
      {
        kind: "dropTable",
        table: users(),
        hazards: [expect.objectContaining({ kind: "data-loss" })] as never,
      },
    ],
  },
  {
    name: "an added column",
    from: schemaOf(users()),
    to: schemaOf(users(col("avatar", "character varying(255)"))),
    ops: [
      {
        kind: "addColumn",
        table: "users",
        column: col("avatar", "character varying(255)"),
      } as Partial<Operation>,
    ],
  },
  {
    name: "a removed column is dropped with a data-loss hazard",
    from: schemaOf(users(col("avatar", "text"))),
    to: schemaOf(users()),
    ops: [
      {
        kind: "dropColumn",
        table: "users",
        hazards: [expect.objectContaining({ kind: "data-loss" })] as never,
      },
    ],
  },
  {
    name: "varchar widened in place, no USING",
    from: schemaOf(users(col("name", "character varying(50)"))),
    to: schemaOf(users(col("name", "character varying(255)"))),
    ops: [
      {
        kind: "alterColumn",
        column: "name",
        modify: { type: "character varying(255)" },
      } as Partial<Operation>,
    ],
  },
  {
    name: "integer to bigint in place",
    from: schemaOf(users(col("n", "integer"))),
    to: schemaOf(users(col("n", "bigint"))),
    ops: [{ kind: "alterColumn", column: "n", modify: { type: "bigint" } } as Partial<Operation>],
  },
  {
    name: "text to integer casts with USING",
    from: schemaOf(users(col("n", "text"))),
    to: schemaOf(users(col("n", "integer"))),
    ops: [
      {
        kind: "alterColumn",
        column: "n",
        modify: { type: "integer" },
        using: '"n"::integer',
      } as Partial<Operation>,
    ],
  },
  {
    name: "made nullable",
    from: schemaOf(users(col("n", "text", { nullable: false }))),
    to: schemaOf(users(col("n", "text"))),
    ops: [{ kind: "alterColumn", column: "n", modify: { nullable: true } } as Partial<Operation>],
  },
  {
    name: "a default added",
    from: schemaOf(users(col("n", "integer"))),
    to: schemaOf(users(col("n", "integer", { default: "0" }))),
    ops: [{ kind: "alterColumn", column: "n", modify: { default: "0" } } as Partial<Operation>],
  },
  {
    name: "a default dropped",
    from: schemaOf(users(col("n", "integer", { default: "0" }))),
    to: schemaOf(users(col("n", "integer"))),
    ops: [{ kind: "alterColumn", column: "n", modify: { default: null } } as Partial<Operation>],
  },
  {
    name: "a type change restates the default it must drop and set again",
    from: schemaOf(users(col("n", "integer", { default: "0" }))),
    to: schemaOf(users(col("n", "bigint", { default: "0" }))),
    ops: [
      { kind: "alterColumn", column: "n", modify: { type: "bigint", default: "0" } } as Partial<Operation>,
    ],
  },
  {
    name: "a primary key change drops the old key before adding the new one",
    from: schemaOf(
      tbl("t", [col("a", "integer", { nullable: false }), col("b", "integer", { nullable: false })], ["a"]),
    ),
    to: schemaOf(
      tbl(
        "t",
        [col("a", "integer", { nullable: false }), col("b", "integer", { nullable: false })],
        ["a", "b"],
      ),
    ),
    ops: [
      { kind: "dropPrimaryKey", table: "t" } as Partial<Operation>,
      {
        kind: "addPrimaryKey",
        table: "t",
        primaryKey: { kind: "primaryKey", name: "PK_t", columns: ["a", "b"] },
      } as Partial<Operation>,
    ],
  },
  {
    name: "a new key column is added before the key that uses it",
    from: schemaOf(tbl("t", [col("a", "integer", { nullable: false })], ["a"])),
    to: schemaOf(
      tbl(
        "t",
        [col("a", "integer", { nullable: false }), col("b", "integer", { nullable: false })],
        ["a", "b"],
      ),
    ),
    ops: [
      {
        kind: "dropPrimaryKey",
        table: "t",
        primaryKey: expect.objectContaining({ columns: ["a"] }),
      } as Partial<Operation>,
      {
        kind: "addColumn",
        table: "t",
        column: col("b", "integer", { nullable: false }),
      } as Partial<Operation>,
      {
        kind: "addPrimaryKey",
        table: "t",
        primaryKey: expect.objectContaining({ columns: ["a", "b"] }),
      } as Partial<Operation>,
    ],
  },
  {
    name: "tables in another schema get their schema created first",
    from: schemaOf(),
    to: { ...schemaOf(tbl("t", [col("a", "integer")], undefined, "audit")), namespaces: ["audit"] },
    ops: [
      { kind: "createSchema", schema: "audit" },
      {
        kind: "createTable",
        table: tbl("t", [col("a", "integer")], undefined, "audit"),
      } as Partial<Operation>,
    ],
  },
];

describe("diffSchemas: tables, columns and primary keys", () => {
  test.for(cases)("$name", ({ from, to, ops }) => {
    const { operations } = diffSchemas(from, to);
    expect(operations).toHaveLength(ops.length);
    for (const [i, op] of operations.entries()) expect(op).toMatchObject(ops[i]!);
  });

  test("the differ is pure: same inputs, same output, inputs untouched", () => {
    const from = schemaOf(users(col("a", "text")));
    const to = schemaOf(users(col("a", "integer"), col("b", "text")));
    const snapshot = JSON.stringify([from, to]);
    expect(diffSchemas(from, to)).toEqual(diffSchemas(from, to));
    expect(JSON.stringify([from, to])).toBe(snapshot);
  });
});
