/**
 * The indexes comparator (src/diff/compare/constraints.ts, kind "index"), one row per case: the two
 * IRs and every operation the differ must return, in order. An index is identified by its name; any
 * change to its definition is a drop and a create (PostgreSQL has no ALTER INDEX for it), the same
 * definition under a new name is a rename, and the position of an element inside an index matters
 * where the position of a column in its table does not.
 */
import { describe, expect, test } from "vitest";
import { diffSchemas } from "../../src/diff/index.js";
import type { Operation } from "../../src/ops/operations.js";
import type { Index, IndexElement, Schema, Table } from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

/** A column element, ascending, with PostgreSQL's defaults. */
const el = (value: string, extra: Partial<IndexElement> = {}): IndexElement => ({
  value,
  expression: false,
  descending: false,
  ...extra,
});

/** A plain btree index on `elements`. */
const idx = (name: string, elements: IndexElement[], extra: Partial<Omit<Index, "kind">> = {}): Index => ({
  kind: "index",
  name,
  unique: false,
  method: "btree",
  elements,
  include: [],
  nullsNotDistinct: false,
  ...extra,
});

const columns = [
  col("id", "integer", { nullable: false }),
  col("email", "text"),
  col("name", "text"),
  col("tags", "text[]"),
];
/** `users` with these indexes (and extra columns), in schema `schema`. */
const users = (indexes: Index[], extra: ReturnType<typeof col>[] = [], schema = "public"): Table => ({
  ...tbl("users", [...columns, ...extra], ["id"], schema),
  indexes,
});

const byEmail = idx("IDX_users_email", [el("email")]);
const create = (index: Index, schema = "public"): Operation => ({
  kind: "createIndex",
  schema,
  table: "users",
  index,
});
const drop = (index: Index, schema = "public"): Operation => ({
  kind: "dropIndex",
  schema,
  table: "users",
  index,
});
/** What changing `byEmail` into `changed` must give: the old one dropped, then the new one created. */
const rebuilt = (changed: Partial<Omit<Index, "kind" | "name">>) => ({
  from: schemaOf(users([byEmail])),
  to: schemaOf(users([{ ...byEmail, ...changed }])),
  operations: [drop(byEmail), create({ ...byEmail, ...changed })],
});

interface Row {
  readonly name: string;
  readonly from: Schema;
  readonly to: Schema;
  readonly operations: readonly Operation[];
}

const rows: Row[] = [
  {
    name: "the same index gives nothing",
    from: schemaOf(users([byEmail])),
    to: schemaOf(users([byEmail])),
    operations: [],
  },
  {
    name: "the same indexes listed in another order give nothing",
    from: schemaOf(users([byEmail, idx("IDX_users_name", [el("name")])])),
    to: schemaOf(users([idx("IDX_users_name", [el("name")]), byEmail])),
    operations: [],
  },
  {
    name: "an index added to an existing table",
    from: schemaOf(users([])),
    to: schemaOf(users([byEmail])),
    operations: [create(byEmail)],
  },
  {
    name: "an index removed",
    from: schemaOf(users([byEmail])),
    to: schemaOf(users([])),
    operations: [drop(byEmail)],
  },
  { name: "made unique", ...rebuilt({ unique: true }) },
  { name: "another access method", ...rebuilt({ method: "hash" }) },
  {
    name: "another element order (unlike columns in a table, it changes the index)",
    from: schemaOf(users([idx("IDX_users_email_name", [el("email"), el("name")])])),
    to: schemaOf(users([idx("IDX_users_email_name", [el("name"), el("email")])])),
    operations: [
      drop(idx("IDX_users_email_name", [el("email"), el("name")])),
      create(idx("IDX_users_email_name", [el("name"), el("email")])),
    ],
  },
  { name: "an element made descending", ...rebuilt({ elements: [el("email", { descending: true })] }) },
  { name: "nulls first", ...rebuilt({ elements: [el("email", { nullsFirst: true })] }) },
  {
    name: "another operator class",
    ...rebuilt({ elements: [el("email", { opclass: "text_pattern_ops" })] }),
  },
  { name: "another collation", ...rebuilt({ elements: [el("email", { collation: "C" })] }) },
  {
    name: "an expression instead of the column",
    ...rebuilt({ elements: [el("lower(email)", { expression: true })] }),
  },
  { name: "an included column added", ...rebuilt({ include: ["name"] }) },
  { name: "made partial", ...rebuilt({ where: "(email IS NOT NULL)" }) },
  {
    name: "another predicate",
    from: schemaOf(users([{ ...byEmail, where: "(email IS NOT NULL)" }])),
    to: schemaOf(users([{ ...byEmail, where: "(name IS NOT NULL)" }])),
    operations: [
      drop({ ...byEmail, where: "(email IS NOT NULL)" }),
      create({ ...byEmail, where: "(name IS NOT NULL)" }),
    ],
  },
  { name: "nulls not distinct", ...rebuilt({ unique: true, nullsNotDistinct: true }) },
  {
    name: "the same definition under a new name is a rename",
    from: schemaOf(users([byEmail])),
    to: schemaOf(users([{ ...byEmail, name: "users_email_idx" }])),
    operations: [{ kind: "renameIndex", schema: "public", from: "IDX_users_email", to: "users_email_idx" }],
  },
  {
    name: "two twins renamed pair up in order",
    from: schemaOf(users([idx("IDX_a", [el("email")]), idx("IDX_b", [el("email")])])),
    to: schemaOf(users([idx("IDX_c", [el("email")]), idx("IDX_d", [el("email")])])),
    operations: [
      { kind: "renameIndex", schema: "public", from: "IDX_a", to: "IDX_c" },
      { kind: "renameIndex", schema: "public", from: "IDX_b", to: "IDX_d" },
    ],
  },
  {
    name: "a new name and a new definition is a drop and a create, not a rename",
    from: schemaOf(users([byEmail])),
    to: schemaOf(users([idx("IDX_users_name", [el("name")])])),
    operations: [drop(byEmail), create(idx("IDX_users_name", [el("name")]))],
  },
  {
    name: "a rename and a rebuild in one table",
    from: schemaOf(users([byEmail, idx("IDX_users_name", [el("name")])])),
    to: schemaOf(
      users([{ ...byEmail, name: "users_email_idx" }, idx("IDX_users_name", [el("name")], { unique: true })]),
    ),
    operations: [
      { kind: "renameIndex", schema: "public", from: "IDX_users_email", to: "users_email_idx" },
      drop(idx("IDX_users_name", [el("name")])),
      create(idx("IDX_users_name", [el("name")], { unique: true })),
    ],
  },
  {
    name: "an index on a new column is created after the column",
    from: schemaOf(users([])),
    to: schemaOf(users([idx("IDX_users_nick", [el("nick")])], [col("nick", "text")])),
    operations: [
      { kind: "addColumn", schema: "public", table: "users", column: col("nick", "text") },
      create(idx("IDX_users_nick", [el("nick")])),
    ],
  },
  {
    name: "an index on a dropped column is dropped before the column",
    from: schemaOf(users([idx("IDX_users_nick", [el("nick")])], [col("nick", "text")])),
    to: schemaOf(users([])),
    operations: [
      drop(idx("IDX_users_nick", [el("nick")])),
      {
        kind: "dropColumn",
        schema: "public",
        table: "users",
        column: col("nick", "text"),
        hazards: [{ kind: "data-loss", reason: "drops column users.nick and its values" }],
      },
    ],
  },
  {
    name: "a new table's indexes follow its creation",
    from: schemaOf(),
    to: schemaOf(users([byEmail, idx("IDX_users_tags", [el("tags")], { method: "gin" })])),
    operations: [
      { kind: "createTable", table: users([]) },
      create(byEmail),
      create(idx("IDX_users_tags", [el("tags")], { method: "gin" })),
    ],
  },
  {
    name: "a dropped table's indexes go before it",
    from: schemaOf(users([byEmail])),
    to: schemaOf(),
    operations: [
      drop(byEmail),
      {
        kind: "dropTable",
        table: users([]),
        hazards: [
          { kind: "data-loss", reason: "no entity maps to table users: dropping it deletes every row" },
        ],
      },
    ],
  },
  {
    name: "an index in another schema is created there",
    from: { ...schemaOf(users([], [], "audit")), namespaces: ["audit"] },
    to: { ...schemaOf(users([byEmail], [], "audit")), namespaces: ["audit"] },
    operations: [create(byEmail, "audit")],
  },
  {
    name: "the same index name on two schemas' tables is two indexes",
    from: { ...schemaOf(users([byEmail]), users([], [], "audit")), namespaces: ["audit"] },
    to: { ...schemaOf(users([byEmail]), users([byEmail], [], "audit")), namespaces: ["audit"] },
    operations: [create(byEmail, "audit")],
  },
];

describe("diffSchemas: indexes", () => {
  test.for(rows)("$name", ({ from, to, operations }) => {
    expect(diffSchemas(from, to).operations).toEqual(operations);
  });
});
