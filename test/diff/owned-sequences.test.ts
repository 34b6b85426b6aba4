/**
 * The sequence of a serial or identity column (src/diff/compare/owned-sequences.ts): a name or type
 * that differs from the model's is one operation, and one that comes or goes with its column is none.
 */
import { describe, expect, test } from "vitest";
import { annotateHazards } from "../../src/diff/hazards.js";
import { diffSchemas, type Renames } from "../../src/diff/index.js";
import type { Operation } from "../../src/ops/operations.js";
import { reverseAll } from "../../src/ops/reverse.js";
import type { Column, Schema } from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const seq = (name: string, dataType = "integer") => ({ name, dataType });
const serial = (name: string, type: string, sequence: string, sequenceType = type): Column =>
  col(name, type, { nullable: false, serial: true, sequence: seq(sequence, sequenceType) });
const identity = (name: string, type: string, sequence: string, sequenceType = type): Column =>
  col(name, type, { nullable: false, identity: "by default", sequence: seq(sequence, sequenceType) });
/** One table keyed on its first column; the key's name stays put, so a table rename renames only the table. */
const one = (table: string, ...columns: Column[]) => {
  const keyed = tbl(table, columns, [columns[0]!.name]);
  return schemaOf({ ...keyed, primaryKey: { ...keyed.primaryKey!, name: "pk" } });
};

interface Case {
  name: string;
  from: Schema;
  to: Schema;
  renames?: Renames;
  /** Each expected operation, compared as a subset of the actual one, in order. */
  operations: Partial<Operation>[];
}

const cases: Case[] = [
  {
    name: "the same sequence: nothing",
    from: one("item", serial("id", "integer", "item_id_seq")),
    to: one("item", serial("id", "integer", "item_id_seq")),
    operations: [],
  },
  {
    name: "a table rename leaves the sequence's name behind: it is renamed after the table",
    from: one("item", serial("id", "integer", "item_id_seq")),
    to: one("product", serial("id", "integer", "product_id_seq")),
    renames: { tables: [{ schema: "public", from: "item", to: "product" }], columns: [] },
    operations: [
      { kind: "renameTable", from: "item", to: "product" },
      { kind: "renameSequence", schema: "public", from: "item_id_seq", to: "product_id_seq" },
    ],
  },
  {
    name: "a column rename: the sequence is renamed after the column",
    from: one("ticket", serial("id", "integer", "ticket_id_seq")),
    to: one("ticket", serial("ticket_id", "integer", "ticket_ticket_id_seq")),
    renames: { tables: [], columns: [{ schema: "public", table: "ticket", from: "id", to: "ticket_id" }] },
    operations: [
      { kind: "renameColumn", from: "id", to: "ticket_id" },
      { kind: "renameSequence", from: "ticket_id_seq", to: "ticket_ticket_id_seq" },
    ],
  },
  {
    name: "an identity's sequence follows a table rename too",
    from: one("item", identity("id", "integer", "item_id_seq")),
    to: one("product", identity("id", "integer", "product_id_seq")),
    renames: { tables: [{ schema: "public", from: "item", to: "product" }], columns: [] },
    operations: [
      { kind: "renameTable", from: "item", to: "product" },
      { kind: "renameSequence", from: "item_id_seq", to: "product_id_seq" },
    ],
  },
  {
    name: "a sequence named otherwise with no rename at all (drift, a server's _seq1) is renamed",
    from: one("invoice", identity("id", "integer", "invoice_id_seq1")),
    to: one("invoice", identity("id", "integer", "invoice_id_seq")),
    operations: [{ kind: "renameSequence", from: "invoice_id_seq1", to: "invoice_id_seq" }],
  },
  {
    name: "a serial key widened: the column, then its sequence (ALTER COLUMN TYPE leaves it)",
    from: one("account", serial("id", "integer", "account_id_seq")),
    to: one("account", serial("id", "bigint", "account_id_seq")),
    operations: [
      { kind: "alterColumn", column: "id", modify: { type: "bigint" } },
      {
        kind: "alterSequence",
        schema: "public",
        name: "account_id_seq",
        dataType: "bigint",
        existingDataType: "integer",
      },
    ],
  },
  {
    name: "a serial key narrowed: the sequence is narrowed too",
    from: one("account", serial("id", "bigint", "account_id_seq")),
    to: one("account", serial("id", "integer", "account_id_seq")),
    operations: [
      { kind: "alterColumn", modify: { type: "integer" } },
      { kind: "alterSequence", dataType: "integer", existingDataType: "bigint" },
    ],
  },
  {
    name: "an identity widened: PostgreSQL widens its sequence with the column, nothing more",
    from: one("account", identity("id", "integer", "account_id_seq")),
    to: one("account", identity("id", "bigint", "account_id_seq")),
    operations: [{ kind: "alterColumn", modify: { type: "bigint" } }],
  },
  {
    name: "an identity whose sequence was left at another type: the sequence alone",
    from: one("account", identity("id", "bigint", "account_id_seq", "integer")),
    to: one("account", identity("id", "bigint", "account_id_seq")),
    operations: [{ kind: "alterSequence", dataType: "bigint", existingDataType: "integer" }],
  },
  {
    name: "a serial whose sequence was left at integer (a column widened by hand): the sequence alone",
    from: one("account", serial("id", "bigint", "account_id_seq", "integer")),
    to: one("account", serial("id", "bigint", "account_id_seq")),
    operations: [{ kind: "alterSequence", name: "account_id_seq", dataType: "bigint" }],
  },
  {
    name: "a table rename and a widening at once: renamed, then altered under its new name",
    from: one("item", serial("id", "integer", "item_id_seq")),
    to: one("product", serial("id", "bigint", "product_id_seq")),
    renames: { tables: [{ schema: "public", from: "item", to: "product" }], columns: [] },
    operations: [
      { kind: "renameTable", schema: "public", from: "item", to: "product" },
      { kind: "renameSequence", from: "item_id_seq", to: "product_id_seq" },
      { kind: "alterColumn", table: "product", modify: { type: "bigint" } },
      { kind: "alterSequence", name: "product_id_seq", dataType: "bigint", existingDataType: "integer" },
    ],
  },
  {
    name: "serial to identity: the column swaps sequences, no rename or alter of either",
    from: one("invoice", serial("id", "integer", "invoice_id_seq")),
    to: one("invoice", identity("id", "integer", "invoice_id_seq")),
    operations: [{ kind: "alterColumn", modify: { identity: "by default", serial: false } }],
  },
  {
    name: "identity ALWAYS to BY DEFAULT keeps its sequence",
    from: one(
      "n",
      col("id", "bigint", { nullable: false, identity: "always", sequence: seq("n_id_seq", "bigint") }),
    ),
    to: one("n", identity("id", "bigint", "n_id_seq")),
    operations: [{ kind: "alterColumn", modify: { identity: "by default" } }],
  },
  {
    name: "a serial added: the column's change creates the sequence",
    from: one("t", col("id", "integer", { nullable: false })),
    to: one("t", serial("id", "integer", "t_id_seq")),
    operations: [{ kind: "alterColumn", modify: { serial: true } }],
  },
  {
    name: "an IR built by hand without the sequence: not compared",
    from: one("t", col("id", "integer", { nullable: false, serial: true })),
    to: one("t", serial("id", "integer", "t_id_seq")),
    operations: [],
  },
];

describe("diffSchemas: the sequences of serial and identity columns", () => {
  test.for(cases)("$name", ({ from, to, renames, operations: expected }) => {
    const { operations } = diffSchemas(from, to, renames ? { renames } : {});
    expect(operations).toHaveLength(expected.length);
    for (const [i, op] of operations.entries()) expect(op).toMatchObject(expected[i]!);
  });

  test("the downgrade renames back and narrows back, marked: AS integer fails past the int range", () => {
    const renames = { tables: [{ schema: "public", from: "item", to: "product" }], columns: [] };
    const { operations } = diffSchemas(
      one("item", serial("id", "integer", "item_id_seq")),
      one("product", serial("id", "bigint", "product_id_seq")),
      { renames },
    );
    const downgrade = annotateHazards(reverseAll(operations));
    expect(downgrade.map((op) => op.kind)).toEqual([
      "alterSequence",
      "alterColumn",
      "renameSequence",
      "renameTable",
    ]);
    expect(downgrade[0]).toMatchObject({
      kind: "alterSequence",
      name: "product_id_seq",
      dataType: "integer",
      existingDataType: "bigint",
      hazards: [expect.objectContaining({ kind: "failure-risk" })],
    });
    expect(downgrade[2]).toMatchObject({ from: "product_id_seq", to: "item_id_seq" });
    // Widening cannot fail.
    expect(annotateHazards(operations).find((op) => op.kind === "alterSequence")?.hazards).toBeUndefined();
  });
});
