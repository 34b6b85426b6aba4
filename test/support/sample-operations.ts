/** One sample of every operation kind the differ emits, for renderer and inverse tests. */
import type { Operation } from "../../src/ops/operations.js";
import { col, tbl } from "./ir-builders.js";

const users = tbl(
  "users",
  [
    col("id", "integer", { nullable: false, serial: true }),
    col("name", "character varying(255)", {
      nullable: false,
      default: "'anon'::character varying",
      comment: "shown name",
    }),
    col("code", "uuid", { nullable: false, default: "uuid_generate_v4()" }),
    col("n", "bigint", { identity: "always", nullable: false }),
  ],
  ["id"],
);

export const sampleOperations: Operation[] = [
  { kind: "createExtension", extension: { kind: "extension", name: "uuid-ossp" } },
  { kind: "createSchema", schema: "audit" },
  { kind: "createTable", table: users },
  {
    kind: "createTable",
    table: {
      ...tbl("log", [col("at", "timestamp with time zone", { default: "now()" })]),
      schema: "audit",
      comment: "it's a log",
    },
  },
  { kind: "addColumn", schema: "public", table: "users", column: col("avatar", "text") },
  {
    kind: "addColumn",
    schema: "audit",
    table: "log",
    column: col("what", "text", { nullable: false, default: "''::text" }),
  },
  {
    kind: "alterColumn",
    schema: "public",
    table: "users",
    column: "name",
    existing: col("name", "character varying(50)", { nullable: false }),
    modify: { type: "character varying(255)", nullable: true, default: "'x'::character varying" },
  },
  {
    kind: "alterColumn",
    schema: "public",
    table: "users",
    column: "age",
    existing: col("age", "text"),
    modify: { type: "integer" },
    using: '"age"::integer',
  },
  {
    kind: "addPrimaryKey",
    schema: "public",
    table: "users",
    primaryKey: { kind: "primaryKey", name: "PK_users", columns: ["id", "code"] },
  },
];
