/**
 * Where every schema tenant is, in one catalog read rather than a connection (or a query) per tenant:
 * one query finds which tenant schemas exist and hold a version table or an interrupted step's record
 * (../runner/step-progress.ts), then one UNION ALL reads all those tables. A rerun of a fleet thousands
 * strong thus skips the tenants already at the target in two round trips.
 *
 * Read without any lock, so only good for deciding whom to skip: a tenant with work to do is read
 * again by the runner under its own lock.
 */
import type pg from "pg";
import { progressTableOf } from "../runner/version-table.js";
import { quoteLiteral, quoteQualified } from "../sql/quote.js";
import type { SchemaTenant } from "./tenant.js";

export interface TenantVersions {
  /** The tenant's schema exists. */
  readonly schemaExists: boolean;
  /** The version table's rows (empty: base, or no table yet). */
  readonly versions: readonly string[];
  /** A step was interrupted after committing part of itself: the runner must see this tenant. */
  readonly interrupted: boolean;
}

type Queryable = Pick<pg.Client, "query">;

/** Tables per UNION ALL: one statement for most fleets, a few for a very large one. */
const BRANCHES_PER_QUERY = 1000;

/** By tenant name; `versionTable` is the config's table name, which each tenant has in its schema. */
export async function readFleetVersions(
  client: Queryable,
  tenants: readonly SchemaTenant[],
  versionTable: string,
): Promise<Map<string, TenantVersions>> {
  const progressTable = progressTableOf({ schema: "", table: versionTable }).table;
  const found = await client.query<{ schema: string; versions: boolean; progress: boolean }>(
    `SELECT n.nspname AS schema,
            bool_or(c.relname = $2) AS versions,
            bool_or(c.relname = $3) AS progress
       FROM pg_catalog.pg_namespace n
       LEFT JOIN pg_catalog.pg_class c
         ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p') AND c.relname IN ($2, $3)
      WHERE n.nspname = ANY($1::text[])
      GROUP BY n.nspname`,
    [tenants.map((t) => t.schema), versionTable, progressTable],
  );
  const branches: string[] = [];
  for (const row of found.rows) {
    const schema = quoteLiteral(row.schema);
    if (row.versions) {
      const table = quoteQualified(row.schema, versionTable);
      branches.push(
        `SELECT ${schema} AS schema, version_num::text AS value, false AS progress FROM ${table}`,
      );
    }
    if (row.progress) {
      const table = quoteQualified(row.schema, progressTable);
      branches.push(`SELECT ${schema} AS schema, revision::text AS value, true AS progress FROM ${table}`);
    }
  }
  const rows: { schema: string; value: string; progress: boolean }[] = [];
  for (let start = 0; start < branches.length; start += BRANCHES_PER_QUERY) {
    const sql = branches.slice(start, start + BRANCHES_PER_QUERY).join("\nUNION ALL ");
    rows.push(...(await client.query<{ schema: string; value: string; progress: boolean }>(sql)).rows);
  }

  const existing = new Set(found.rows.map((r) => r.schema));
  const versionsOf = new Map<string, string[]>();
  const interrupted = new Set<string>();
  for (const row of rows) {
    if (row.progress) interrupted.add(row.schema);
    else versionsOf.set(row.schema, [...(versionsOf.get(row.schema) ?? []), row.value]);
  }
  return new Map(
    tenants.map((tenant) => [
      tenant.name,
      {
        schemaExists: existing.has(tenant.schema),
        versions: (versionsOf.get(tenant.schema) ?? []).sort(),
        interrupted: interrupted.has(tenant.schema),
      },
    ]),
  );
}
