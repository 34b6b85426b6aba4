/** What `check --shadow` prints when a downgrade does not put the schema back. */
import { expect, test } from "vitest";
import type { Schema } from "../../src/schema/ir.js";
import { schemaDifferences } from "../../src/shadow/schema-differences.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const users = tbl(
  "users",
  [col("id", "integer", { nullable: false }), col("name", "character varying(50)")],
  ["id"],
);

test.for<[string, Schema, Schema, string[]]>([
  ["the same schema", schemaOf(users), schemaOf(users), []],
  [
    "only the column order differs (a re-added column can only be appended)",
    schemaOf(users),
    schemaOf({ ...users, columns: [...users.columns].reverse() }),
    [],
  ],
  [
    "a column left behind",
    schemaOf(users),
    schemaOf({ ...users, columns: [...users.columns, col("avatar", "text")] }),
    ["table public.users: column avatar added"],
  ],
  ["a table not recreated", schemaOf(users), schemaOf(), ["table public.users removed"]],
  [
    "a type not narrowed back, and a primary key lost",
    schemaOf(users),
    schemaOf({
      ...users,
      columns: [users.columns[0]!, col("name", "character varying(255)")],
      primaryKey: undefined,
    }),
    [
      'table public.users: column name: type: "character varying(50)" → "character varying(255)"',
      'table public.users: primaryKey: {"kind":"primaryKey","name":"PK_users","columns":["id"]} → (none)',
    ],
  ],
  [
    "a schema and an enum left behind",
    schemaOf(users),
    {
      ...schemaOf(users),
      namespaces: ["audit"],
      enums: [{ kind: "enum", schema: "public", name: "mood", values: ["ok"] }],
    },
    ['namespaces: [] → ["audit"]', "enum public.mood added"],
  ],
])("%s", ([, before, after, lines]) => {
  expect(schemaDifferences(before, after)).toEqual(lines);
});
