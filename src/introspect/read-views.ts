import type pg from "pg";
import type { View } from "../schema/ir.js";
import { notExtensionMember } from "./filters.js";

export interface ViewShell {
  /** pg_class oid, as text: what a materialized view's indexes name it by (./read-indexes.ts). */
  readonly oid: string;
  /** The view with no indexes yet: ./index.ts attaches them. */
  readonly view: View;
}

export async function readViews(client: pg.ClientBase, schemas: readonly string[]): Promise<ViewShell[]> {
  const { rows } = await client.query<{
    oid: string;
    schema: string;
    name: string;
    materialized: boolean;
    definition: string;
  }>(
    `SELECT c.oid::text AS oid, n.nspname::text AS schema, c.relname::text AS name,
            c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid, true) AS definition
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1) AND ${notExtensionMember("pg_class", "c.oid")}`,
    [schemas],
  );
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
