import { byName, type Extension } from "../schema/ir.js";
import type { CatalogQuery } from "./catalog-query.js";

/** Every installed extension except plpgsql, which every database has and nobody declares. */
export const extensionsQuery: CatalogQuery<Extension[]> = {
  sql: `SELECT e.extname::text AS name, n.nspname::text AS schema
       FROM pg_extension e
       JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname <> 'plpgsql'`,
  read: (rows: readonly { name: string; schema: string }[]) =>
    rows.map((row): Extension => ({ kind: "extension", name: row.name, schema: row.schema })).sort(byName),
};
