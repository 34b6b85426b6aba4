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
  {
    kind: "createEnum",
    enumType: { kind: "enum", schema: "public", name: "post_status_enum", values: ["draft", "it's live"] },
  },
  {
    kind: "alterEnum",
    schema: "public",
    name: "post_status_enum",
    from: ["draft", "live"],
    to: ["draft", "review", "live", "gone"],
    usages: [],
  },
  {
    kind: "alterEnum",
    schema: "audit",
    name: "level",
    from: ["low", "high"],
    to: ["high"],
    usages: [
      { schema: "audit", table: "log", column: "level", array: false, default: "'high'::audit.level" },
      { schema: "public", table: "users", column: "levels", array: true },
    ],
  },
  {
    kind: "addUnique",
    schema: "public",
    table: "users",
    unique: {
      kind: "unique",
      name: "UQ_name",
      columns: ["name", "code"],
      nullsNotDistinct: true,
      deferrable: "initially deferred",
    },
  },
  {
    kind: "addForeignKey",
    schema: "public",
    table: "posts",
    foreignKey: {
      kind: "foreignKey",
      name: "FK_author",
      columns: ["authorId"],
      referencedSchema: "audit",
      referencedTable: "users",
      referencedColumns: ["id"],
      onDelete: "CASCADE",
      onUpdate: "NO ACTION",
      deferrable: "not deferrable",
    },
  },
  {
    kind: "addCheck",
    schema: "public",
    table: "users",
    check: { kind: "check", name: "CHK_age", expression: "((age > 0))" },
  },
  {
    kind: "addExclusion",
    schema: "audit",
    table: "rooms",
    exclusion: { kind: "exclusion", name: "XCL_b", definition: "EXCLUDE USING gist (b WITH &&)" },
  },
  {
    kind: "createIndex",
    schema: "public",
    table: "users",
    index: {
      kind: "index",
      name: "IDX_users_name",
      unique: true,
      method: "btree",
      elements: [
        { value: "name", expression: false, descending: false },
        {
          value: "lower((code)::text)",
          expression: true,
          descending: true,
          nullsFirst: false,
          opclass: "text_pattern_ops",
        },
      ],
      include: ["age"],
      where: "(age > 18)",
      nullsNotDistinct: false,
    },
  },
  { kind: "setTableComment", schema: "public", table: "users", comment: "people", existing: null },
  {
    kind: "createView",
    view: {
      kind: "view",
      schema: "public",
      name: "adults",
      materialized: false,
      definition: " SELECT id\n   FROM users",
    },
  },
  {
    kind: "createView",
    view: {
      kind: "view",
      schema: "audit",
      name: "totals",
      materialized: true,
      definition: " SELECT 1 AS one",
    },
  },
];
