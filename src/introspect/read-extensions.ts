import type pg from "pg";
import { byName, type Extension } from "../schema/ir.js";

/** Every installed extension except plpgsql, which every database has and nobody declares. */
export async function readExtensions(client: pg.ClientBase): Promise<Extension[]> {
  const { rows } = await client.query<{ name: string; schema: string }>(
    `SELECT e.extname::text AS name, n.nspname::text AS schema
       FROM pg_extension e
       JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname <> 'plpgsql'`,
  );
  return rows
    .map((row): Extension => ({ kind: "extension", name: row.name, schema: row.schema }))
    .sort(byName);
}
