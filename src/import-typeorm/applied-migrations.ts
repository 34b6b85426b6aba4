/**
 * Which TypeORM migrations the live database has run, read from TypeORM's own table (`migrations`, or
 * the DataSource's `migrationsTableName`), and the one retort's version table should then name.
 *
 * TypeORM runs migrations in timestamp order, so on a database only TypeORM migrated the applied ones
 * are the first few of the ordered list. Anything else (a migration applied that is not in the folder,
 * or one skipped before an applied one) means the folder and the database tell different stories, and
 * no single revision describes the database: the import refuses rather than guess.
 */
import type pg from "pg";
import { RetortError } from "../errors.js";
import { quoteIdent, quoteQualified } from "../sql/quote.js";

export interface TypeormTable {
  readonly table: string;
  /** The DataSource's `schema`; unset: the search path decides, as it does for TypeORM. */
  readonly schema?: string;
}

/** The names in the table, oldest first; undefined when there is no such table. */
export async function readAppliedMigrations(
  client: Pick<pg.Client, "query">,
  where: TypeormTable,
): Promise<string[] | undefined> {
  const qualified = where.schema ? quoteQualified(where.schema, where.table) : quoteIdent(where.table);
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [
    qualified,
  ]);
  if (!exists.rows[0]?.found) return undefined;
  const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${qualified} ORDER BY id`);
  return rows.map((row) => row.name);
}

/**
 * The last applied migration of `ordered` (undefined: none applied), after checking that the applied
 * ones are exactly a prefix of it.
 */
export function lastAppliedOf(ordered: readonly string[], applied: readonly string[]): string | undefined {
  const known = new Set(ordered);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new RetortError(
      `The database has run TypeORM migrations that are not among those found: ${unknown.join(", ")}; ` +
        "add their files (or fix --from) before importing",
    );
  }
  const done = new Set(applied);
  const count = ordered.filter((name) => done.has(name)).length;
  const skipped = ordered.slice(0, count).filter((name) => !done.has(name));
  if (skipped.length > 0) {
    const after = ordered.slice(count).filter((name) => done.has(name));
    throw new RetortError(
      `The TypeORM migrations applied to the database are not the first ones in order: ${skipped.join(", ")} ` +
        `${skipped.length === 1 ? "has" : "have"} not run, but the later ${after.join(", ")} ` +
        `${after.length === 1 ? "has" : "have"}; run or remove ${skipped.length === 1 ? "it" : "them"} with TypeORM first`,
    );
  }
  return count === 0 ? undefined : ordered[count - 1];
}
