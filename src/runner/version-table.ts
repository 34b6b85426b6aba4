/**
 * The version table: one row per current head, as Alembic's `alembic_version` (reference §2.3).
 *
 *   retort_version(version_num varchar(32) NOT NULL,
 *                  CONSTRAINT retort_version_pkc PRIMARY KEY (version_num))
 *
 * Reading it never creates it (`current` must not mutate the database); `upgrade`/`downgrade`/`stamp`
 * create it before their first change.
 */
import type pg from "pg";
import { DEFAULT_VERSION_TABLE, type VersionTableName } from "../config/version-table-name.js";
import { RetortError } from "../errors.js";
import type { VersionChange } from "../graph/version-changes.js";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote.js";

// The config names the table (and declares its type); the runner's callers take both from here.
export { DEFAULT_VERSION_TABLE, type VersionTableName };

/** The table of interrupted steps (./step-progress.ts), beside the version table. */
export function progressTableOf(versionTable: VersionTableName): VersionTableName {
  return { schema: versionTable.schema, table: `${versionTable.table}_progress` };
}

/**
 * retort's own tables, which no model maps and autogenerate must never offer to drop, as
 * `schema.table` (the version table may live in any schema, see the config's `versionTableSchema`).
 */
export function retortOwnTables(versionTable: VersionTableName): string[] {
  const progress = progressTableOf(versionTable);
  return [`${versionTable.schema}.${versionTable.table}`, `${progress.schema}.${progress.table}`];
}

type Queryable = Pick<pg.Client, "query">;

/** The current heads; none when the table does not exist yet. */
export async function readVersions(client: Queryable, name = DEFAULT_VERSION_TABLE): Promise<string[]> {
  const qualified = quoteQualified(name.schema, name.table);
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [
    qualified,
  ]);
  if (!exists.rows[0]?.found) return [];
  const rows = await client.query<{ version_num: string }>(
    `SELECT version_num FROM ${qualified} ORDER BY version_num`,
  );
  return rows.rows.map((r) => r.version_num);
}

/**
 * The CREATE TABLE, laid out as Alembic prints it in --sql scripts. IF NOT EXISTS so that an offline
 * script starting from base also runs on a database whose table exists but is empty (after
 * `downgrade base`, which deletes the rows and keeps the table).
 */
export function createVersionTableSql(name = DEFAULT_VERSION_TABLE): string {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteQualified(name.schema, name.table)} (`,
    "    version_num varchar(32) NOT NULL,",
    `    CONSTRAINT ${quoteIdent(`${name.table}_pkc`)} PRIMARY KEY (version_num)`,
    ")",
  ].join("\n");
}

export async function ensureVersionTable(client: Queryable, name = DEFAULT_VERSION_TABLE): Promise<void> {
  await client.query(createVersionTableSql(name));
}

/** `stamp --purge`: forget every row, known revision or not. */
export async function deleteAllVersions(client: Queryable, name = DEFAULT_VERSION_TABLE): Promise<void> {
  await client.query(`DELETE FROM ${quoteQualified(name.schema, name.table)}`);
}

/** One change as a SQL statement with its literals inlined, for --sql scripts (nothing runs them here). */
export function versionChangeSql(change: VersionChange, name = DEFAULT_VERSION_TABLE): string {
  const qualified = quoteQualified(name.schema, name.table);
  if (change.kind === "insert") {
    return `INSERT INTO ${qualified} (version_num) VALUES (${quoteLiteral(change.version)})`;
  }
  if (change.kind === "delete") {
    return `DELETE FROM ${qualified} WHERE version_num = ${quoteLiteral(change.version)}`;
  }
  return `UPDATE ${qualified} SET version_num = ${quoteLiteral(change.to)} WHERE version_num = ${quoteLiteral(change.from)}`;
}

/**
 * Applies one step's changes. Every UPDATE and DELETE must touch exactly one row, as Alembic checks:
 * anything else means the table no longer says what the runner believed it said.
 */
export async function applyVersionChanges(
  client: Queryable,
  changes: readonly VersionChange[],
  name = DEFAULT_VERSION_TABLE,
): Promise<void> {
  const qualified = quoteQualified(name.schema, name.table);
  for (const change of changes) {
    if (change.kind === "insert") {
      await client.query(`INSERT INTO ${qualified} (version_num) VALUES ($1)`, [change.version]);
    } else if (change.kind === "delete") {
      const result = await client.query(`DELETE FROM ${qualified} WHERE version_num = $1`, [change.version]);
      expectOneRow(result.rowCount, `deleting '${change.version}'`, name.table);
    } else {
      const result = await client.query(`UPDATE ${qualified} SET version_num = $1 WHERE version_num = $2`, [
        change.to,
        change.from,
      ]);
      expectOneRow(result.rowCount, `updating '${change.from}' to '${change.to}'`, name.table);
    }
  }
}

function expectOneRow(rowCount: number | null, action: string, table: string): void {
  if (rowCount !== 1) {
    throw new RetortError(
      `Online migration expected to match one row when ${action} in '${table}'; ${rowCount ?? 0} found`,
    );
  }
}
