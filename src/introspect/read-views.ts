import type pg from "pg";
import { byQualifiedName, type View } from "../schema/ir.js";
import { notExtensionMember } from "./filters.js";

export async function readViews(client: pg.ClientBase, schemas: readonly string[]): Promise<View[]> {
  const { rows } = await client.query<{
    schema: string;
    name: string;
    materialized: boolean;
    definition: string;
  }>(
    `SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind = 'm' AS materialized,
            pg_get_viewdef(c.oid, true) AS definition
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1) AND ${notExtensionMember("pg_class", "c.oid")}`,
    [schemas],
  );
  return rows
    .map(
      (row): View => ({
        kind: "view",
        schema: row.schema,
        name: row.name,
        materialized: row.materialized,
        definition: row.definition.trim(),
      }),
    )
    .sort(byQualifiedName);
}
