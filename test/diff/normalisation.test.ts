/**
 * The differ's normalisation table: pairs of IRs that spell the same schema differently must give no
 * operation; pairs that really differ must still give one.
 */
import { describe, expect, test } from "vitest";
import { diffSchemas } from "../../src/diff/index.js";
import { normaliseDefault, normaliseType } from "../../src/diff/normalise.js";
import type { Column, Index } from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const one = (column: Column) => schemaOf(tbl("t", [column]));
const opsBetween = (a: Column, b: Column) => diffSchemas(one(a), one(b)).operations;

describe("spellings of the same column give no operation", () => {
  test.for([
    [
      "'a'::character varying vs 'a'",
      col("c", "character varying(20)", { default: "'a'::character varying" }),
      col("c", "character varying(20)", { default: "'a'" }),
    ],
    [
      "now() vs CURRENT_TIMESTAMP",
      col("c", "timestamp with time zone", { default: "now()" }),
      col("c", "timestamp with time zone", { default: "CURRENT_TIMESTAMP" }),
    ],
    [
      "now() vs transaction_timestamp()",
      col("c", "timestamp without time zone", { default: "now()" }),
      col("c", "timestamp without time zone", { default: "transaction_timestamp()" }),
    ],
    [
      "'0'::numeric vs 0",
      col("c", "numeric(10,2)", { default: "'0'::numeric" }),
      col("c", "numeric(10,2)", { default: "0" }),
    ],
    [
      "'-1'::bigint vs -1 (pitfall #3)",
      col("c", "bigint", { default: "'-1'::bigint" }),
      col("c", "bigint", { default: "-1" }),
    ],
    [
      "'{}'::text[] vs '{}' (pitfall #1)",
      col("c", "text[]", { default: "'{}'::text[]" }),
      col("c", "text[]", { default: "'{}'" }),
    ],
    ["int4 vs integer", col("c", "int4"), col("c", "integer")],
    ["varchar(50) vs character varying(50)", col("c", "varchar(50)"), col("c", "character varying(50)")],
    [
      "timestamptz vs timestamp with time zone",
      col("c", "timestamptz"),
      col("c", "timestamp with time zone"),
    ],
    [
      "TIMESTAMP(3) WITH TIME ZONE vs timestamp(3) with time zone",
      col("c", "TIMESTAMP(3) WITH TIME ZONE"),
      col("c", "timestamp(3) with time zone"),
    ],
    ["bool vs boolean", col("c", "bool", { default: "true" }), col("c", "boolean", { default: "true" })],
    ["integer array vs integer[]", col("c", "integer array"), col("c", "integer[]")],
    ["decimal(12,2) vs numeric(12, 2)", col("c", "decimal(12,2)"), col("c", "numeric(12, 2)")],
  ] as const)("%s", ([, a, b]) => {
    expect(opsBetween(a, b)).toEqual([]);
  });
});

describe("real differences still give an operation", () => {
  test.for([
    ["'a' vs 'b'", col("c", "text", { default: "'a'::text" }), col("c", "text", { default: "'b'::text" })],
    ["varchar(50) vs varchar(60)", col("c", "character varying(50)"), col("c", "character varying(60)")],
    ["numeric(10,2) vs numeric(12,2)", col("c", "numeric(10,2)"), col("c", "numeric(12,2)")],
    [
      "timestamp vs timestamptz",
      col("c", "timestamp without time zone"),
      col("c", "timestamp with time zone"),
    ],
    [
      "now() vs a literal",
      col("c", "timestamp with time zone", { default: "now()" }),
      col("c", "timestamp with time zone", { default: "'2020-01-01 00:00:00+00'::timestamp with time zone" }),
    ],
    [
      "identity always vs by default",
      col("c", "bigint", { nullable: false, identity: "always" }),
      col("c", "bigint", { nullable: false, identity: "by default" }),
    ],
    [
      "serial vs plain",
      col("c", "integer", { nullable: false, serial: true }),
      col("c", "integer", { nullable: false }),
    ],
    ["collation", col("c", "text"), col("c", "text", { collation: "C" })],
  ] as const)("%s", ([, a, b]) => {
    expect(opsBetween(a, b)).toHaveLength(1);
  });

  test("a changed generated expression drops and re-adds the derived column, marked as a rewrite", () => {
    const ops = opsBetween(
      col("c", "integer", { generated: "(a + 1)" }),
      col("c", "integer", { generated: "(a + 2)" }),
    );
    expect(ops.map((op) => op.kind)).toEqual(["dropColumn", "addColumn"]);
    expect(ops[0]!.hazards?.[0]?.kind).toBe("table-rewrite");
  });

  test("a scalar that becomes an array keeps its value as the only element", () => {
    const [op] = opsBetween(col("c", "integer"), col("c", "integer[]"));
    expect(op).toMatchObject({ kind: "alterColumn", using: 'ARRAY["c"]::integer[]' });
  });
});

describe("enum labels and index definitions", () => {
  const enumOf = (values: string[]) => ({
    ...schemaOf(),
    enums: [{ kind: "enum" as const, schema: "public", name: "e", values }],
  });

  test("the same labels in the same order: nothing", () => {
    expect(diffSchemas(enumOf(["a", "b"]), enumOf(["a", "b"])).operations).toEqual([]);
  });

  test("label order is meaningful in PostgreSQL (it orders values): a reorder is a change", () => {
    expect(diffSchemas(enumOf(["a", "b"]), enumOf(["b", "a"])).operations.map((o) => o.kind)).toEqual([
      "alterEnum",
    ]);
  });

  const index = (extra: Partial<Index> = {}): Index => ({
    kind: "index",
    name: "IDX_t_a",
    unique: false,
    method: "btree",
    elements: [{ value: "a", expression: false, descending: false }],
    include: [],
    nullsNotDistinct: false,
    ...extra,
  });
  const withIndex = (i: Index) =>
    schemaOf({ ...tbl("t", [col("a", "integer"), col("b", "integer")]), indexes: [i] });

  test("an index read back in canonical form equals the model's", () => {
    expect(diffSchemas(withIndex(index()), withIndex(index())).operations).toEqual([]);
  });

  test.for([
    ["a partial predicate changed (pitfall #18)", index({ where: "(a > 0)" })],
    [
      "column order changed (pitfall #18)",
      index({
        elements: [
          { value: "b", expression: false, descending: false },
          { value: "a", expression: false, descending: false },
        ],
      }),
    ],
    ["made unique", index({ unique: true })],
    ["method changed", index({ method: "hash" })],
  ] as const)("%s: dropped and re-created", ([, changed]) => {
    expect(diffSchemas(withIndex(index()), withIndex(changed)).operations.map((o) => o.kind)).toEqual([
      "dropIndex",
      "createIndex",
    ]);
  });
});

describe("normaliseType and normaliseDefault", () => {
  test.for([
    ["int8", "bigint"],
    ["VARCHAR(255)", "character varying(255)"],
    ["timestamp(6)", "timestamp(6) without time zone"],
    ["character varying[]", "character varying[]"],
    ["post_status_enum", "post_status_enum"],
  ] as const)("%s → %s", ([input, expected]) => {
    expect(normaliseType(input)).toBe(expected);
  });

  test("a cast to another type is kept", () => {
    expect(normaliseDefault("'1'::text", "integer")).toBe("'1'::text");
  });
});
