import { byQualifiedName, type EnumType } from "../schema/ir.js";
import type { CatalogQuery } from "./catalog-query.js";
import { notExtensionMember } from "./filters.js";

/** `schemas`: an SQL array of schema names (./catalog-query.ts). */
export function enumsQuery(schemas: string): CatalogQuery<EnumType[]> {
  return {
    sql: `SELECT n.nspname::text AS schema, t.typname::text AS name,
            ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                  WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'e' AND n.nspname = ANY(${schemas}) AND ${notExtensionMember("pg_type", "t.oid")}`,
    read: (rows: readonly { schema: string; name: string; values: string[] }[]) =>
      rows
        .map((row): EnumType => ({ kind: "enum", schema: row.schema, name: row.name, values: row.values }))
        .sort(byQualifiedName),
  };
}
