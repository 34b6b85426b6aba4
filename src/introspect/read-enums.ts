import type pg from "pg";
import { byQualifiedName, type EnumType } from "../schema/ir.js";
import { notExtensionMember } from "./filters.js";

export async function readEnums(client: pg.ClientBase, schemas: readonly string[]): Promise<EnumType[]> {
  const { rows } = await client.query<{ schema: string; name: string; values: string[] }>(
    `SELECT n.nspname::text AS schema, t.typname::text AS name,
            ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                  WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'e' AND n.nspname = ANY($1) AND ${notExtensionMember("pg_type", "t.oid")}`,
    [schemas],
  );
  return rows
    .map((row): EnumType => ({ kind: "enum", schema: row.schema, name: row.name, values: row.values }))
    .sort(byQualifiedName);
}
