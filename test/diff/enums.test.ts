/**
 * The enums comparator (src/diff/compare/enums.ts), one row per behaviour: the two schemas and every
 * operation the differ returns for them, in order. Column types and defaults are spelled as
 * PostgreSQL prints them with `public` on the search_path (`mood`, `billing.state`, `"mood ""q"""`),
 * since both sides of a real diff are read back from the catalog.
 */
import { describe, expect, test } from "vitest";
import { diffSchemas } from "../../src/diff/index.js";
import type { Operation } from "../../src/ops/operations.js";
import type { Column, EnumType, Schema, Table } from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const enumType = (name: string, values: string[], schema = "public"): EnumType => ({
  kind: "enum",
  schema,
  name,
  values,
});

const withEnums = (enums: EnumType[], ...tables: Table[]): Schema => ({ ...schemaOf(...tables), enums });

const id = col("id", "integer", { nullable: false });
const ticket = (...columns: Column[]) => tbl("ticket", [id, ...columns], ["id"]);

/** 63 bytes: the longest name PostgreSQL keeps, as the model's long names reach the differ. */
const LONG = `ticket_status_${"x".repeat(49)}`;
/** The hazard of a removed label, naming the columns whose rows may hold it. */
const failureRisk = (labels: string, columns: string) => ({
  kind: "failure-risk" as const,
  reason: `rows of ${columns} holding ${labels} make this step fail; update them first (op.execute) if those labels were renamed`,
});

interface Row {
  name: string;
  from: Schema;
  to: Schema;
  operations: Operation[];
}

const rows: Row[] = [
  {
    name: "the same labels in the same order: nothing",
    from: withEnums([enumType("mood", ["sad", "ok"])]),
    to: withEnums([enumType("mood", ["sad", "ok"])]),
    operations: [],
  },
  {
    name: "a new type is created",
    from: withEnums([]),
    to: withEnums([enumType("mood", ["sad", "ok"])]),
    operations: [{ kind: "createEnum", enumType: enumType("mood", ["sad", "ok"]) }],
  },
  {
    name: "a type no column uses any more is dropped",
    from: withEnums([enumType("mood", ["sad", "ok"])]),
    to: withEnums([]),
    operations: [{ kind: "dropEnum", enumType: enumType("mood", ["sad", "ok"]) }],
  },
  {
    name: "a label appended: altered in place, no hazard",
    from: withEnums([enumType("mood", ["sad", "ok"])], ticket(col("mood", "mood"))),
    to: withEnums([enumType("mood", ["sad", "ok", "happy"])], ticket(col("mood", "mood"))),
    operations: [
      {
        kind: "alterEnum",
        schema: "public",
        name: "mood",
        from: ["sad", "ok"],
        to: ["sad", "ok", "happy"],
        usages: [{ schema: "public", table: "ticket", column: "mood", array: false }],
      },
    ],
  },
  {
    name: "a label inserted between two: no hazard either",
    from: withEnums([enumType("mood", ["sad", "happy"])]),
    to: withEnums([enumType("mood", ["sad", "ok", "happy"])]),
    operations: [
      {
        kind: "alterEnum",
        schema: "public",
        name: "mood",
        from: ["sad", "happy"],
        to: ["sad", "ok", "happy"],
        usages: [],
      },
    ],
  },
  {
    name: "labels reordered: a change (the order sorts values), nothing removed so no hazard",
    from: withEnums([enumType("mood", ["sad", "ok"])]),
    to: withEnums([enumType("mood", ["ok", "sad"])]),
    operations: [
      {
        kind: "alterEnum",
        schema: "public",
        name: "mood",
        from: ["sad", "ok"],
        to: ["ok", "sad"],
        usages: [],
      },
    ],
  },
  {
    name: "a label removed: every column that converts is listed (arrays, defaults), with a failure risk",
    from: withEnums(
      [enumType("mood", ["sad", "ok", "meh"])],
      ticket(col("mood", "mood", { default: "'ok'::mood" }), col("history", "mood[]"), col("note", "text")),
    ),
    to: withEnums(
      [enumType("mood", ["sad", "ok"])],
      ticket(col("mood", "mood", { default: "'ok'::mood" }), col("history", "mood[]"), col("note", "text")),
    ),
    operations: [
      {
        kind: "alterEnum",
        schema: "public",
        name: "mood",
        from: ["sad", "ok", "meh"],
        to: ["sad", "ok"],
        usages: [
          { schema: "public", table: "ticket", column: "mood", array: false, default: "'ok'::mood" },
          { schema: "public", table: "ticket", column: "history", array: true },
        ],
        hazards: [failureRisk("'meh'", "ticket.mood, ticket.history")],
      },
    ],
  },
  {
    name: "a type outside the default schema: its columns name it qualified",
    from: withEnums(
      [enumType("state", ["draft", "sent", "void"], "billing")],
      tbl("invoice", [id, col("state", "billing.state")], ["id"], "billing"),
    ),
    to: withEnums(
      [enumType("state", ["draft", "sent"], "billing")],
      tbl("invoice", [id, col("state", "billing.state")], ["id"], "billing"),
    ),
    operations: [
      {
        kind: "alterEnum",
        schema: "billing",
        name: "state",
        from: ["draft", "sent", "void"],
        to: ["draft", "sent"],
        usages: [{ schema: "billing", table: "invoice", column: "state", array: false }],
        hazards: [failureRisk("'void'", "invoice.state")],
      },
    ],
  },
  {
    name: "a name PostgreSQL prints quoted is still found in its columns",
    from: withEnums([enumType('mood "q"', ["a", "b"])], ticket(col("mood", '"mood ""q"""'))),
    to: withEnums([enumType('mood "q"', ["a"])], ticket(col("mood", '"mood ""q"""'))),
    operations: [
      {
        kind: "alterEnum",
        schema: "public",
        name: 'mood "q"',
        from: ["a", "b"],
        to: ["a"],
        usages: [{ schema: "public", table: "ticket", column: "mood", array: false }],
        hazards: [failureRisk("'b'", "ticket.mood")],
      },
    ],
  },
  {
    name: "a 63-byte name (a long name as stored) is compared and altered like any other",
    from: withEnums([enumType(LONG, ["open", "stale"])], ticket(col("status", `${LONG}[]`))),
    to: withEnums([enumType(LONG, ["open"])], ticket(col("status", `${LONG}[]`))),
    operations: [
      {
        kind: "alterEnum",
        schema: "public",
        name: LONG,
        from: ["open", "stale"],
        to: ["open"],
        usages: [{ schema: "public", table: "ticket", column: "status", array: true }],
        hazards: [failureRisk("'stale'", "ticket.status")],
      },
    ],
  },
  {
    name: "one type gone and one with the same labels come: a rename, and its columns and defaults follow",
    from: withEnums(
      [enumType("old_mood", ["sad", "ok"])],
      ticket(col("mood", "old_mood", { default: "'ok'::old_mood" })),
    ),
    to: withEnums(
      [enumType("new_mood", ["sad", "ok"])],
      ticket(col("mood", "new_mood", { default: "'ok'::new_mood" })),
    ),
    operations: [{ kind: "renameEnum", schema: "public", from: "old_mood", to: "new_mood" }],
  },
  {
    name: "a renamed type whose labels also change: a drop and a create, never a guess",
    from: withEnums([enumType("old_mood", ["sad", "ok"])]),
    to: withEnums([enumType("new_mood", ["sad", "ok", "happy"])]),
    operations: [
      { kind: "createEnum", enumType: enumType("new_mood", ["sad", "ok", "happy"]) },
      { kind: "dropEnum", enumType: enumType("old_mood", ["sad", "ok"]) },
    ],
  },
  {
    name: "two types gone with the labels of one new one: ambiguous, so drops and a create",
    from: withEnums([enumType("a_mood", ["sad", "ok"]), enumType("b_mood", ["sad", "ok"])]),
    to: withEnums([enumType("c_mood", ["sad", "ok"])]),
    operations: [
      { kind: "createEnum", enumType: enumType("c_mood", ["sad", "ok"]) },
      { kind: "dropEnum", enumType: enumType("a_mood", ["sad", "ok"]) },
      { kind: "dropEnum", enumType: enumType("b_mood", ["sad", "ok"]) },
    ],
  },
  {
    name: "the same labels in another schema is another type, not a rename",
    from: withEnums([enumType("state", ["draft", "sent"])]),
    to: withEnums([enumType("state", ["draft", "sent"], "billing")]),
    operations: [
      { kind: "createEnum", enumType: enumType("state", ["draft", "sent"], "billing") },
      { kind: "dropEnum", enumType: enumType("state", ["draft", "sent"]) },
    ],
  },
];

describe("compareEnums", () => {
  test.for(rows)("$name", ({ from, to, operations }) => {
    expect(diffSchemas(from, to).operations).toEqual(operations);
  });
});
