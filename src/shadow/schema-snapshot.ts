/**
 * The schema of a whole database as the introspection IR: every schema a migration may have created,
 * not only the configured ones (all but the system ones). What a round trip compares before an
 * upgrade and after its downgrade.
 */
import type pg from "pg";
import { introspect } from "../introspect/index.js";
import type { Schema } from "../schema/ir.js";
import { isUserSchema } from "./catalog-scope.js";

export async function snapshotAllSchemas(
  client: pg.ClientBase,
  excludeTables: readonly string[] = [],
): Promise<Schema> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace
      WHERE ${isUserSchema("nspname")} ORDER BY 1`,
  );
  return introspect(client, { schemas: rows.map((row) => row.name), excludeTables });
}
