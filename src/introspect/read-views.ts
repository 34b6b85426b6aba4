import type { View } from "../schema/ir.js";
import type { CatalogQuery } from "./catalog-query.js";
import { notExtensionMember } from "./filters.js";

export interface ViewShell {
  /** pg_class oid, as text: what a materialized view's indexes name it by (./read-indexes.ts). */
  readonly oid: string;
  /** The view with no indexes yet: ./index.ts attaches them. */
  readonly view: View;
}

interface Row {
  oid: string;
  schema: string;
  name: string;
  materialized: boolean;
  definition: string;
}

export function viewsQuery(schemas: string): CatalogQuery<ViewShell[]> {
  return { sql: viewsSql(schemas), read: viewsOf };
}

function viewsSql(schemas: string): string {
  return `SELECT c.oid::text AS oid, n.nspname::text AS schema, c.relname::text AS name,
            c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid, true) AS definition
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(${schemas}) AND ${notExtensionMember("pg_class", "c.oid")}`;
}

function viewsOf(rows: readonly Row[]): ViewShell[] {
  return rows.map((row) => ({
    oid: row.oid,
    view: {
      kind: "view",
      schema: row.schema,
      name: row.name,
      materialized: row.materialized,
      definition: row.definition.trim(),
      indexes: [],
    },
  }));
}
