/**
 * A TypeORM logger that records the statements a migration sends, as `op.execute` will replay them.
 *
 * TypeORM's `queryRunner.enableSqlMemory()` is no help: only `executeQueries`, which its schema methods
 * (createTable, addColumn, ...) use, looks at the memory mode (BaseQueryRunner.js in TypeORM 1.1.1);
 * `PostgresQueryRunner.query()`, what generated migrations are made of, runs and is not collected.
 * And a schema method that was only collected leaves the database unchanged, so the next one reads the
 * wrong catalog. Every statement, whichever way it is sent, goes through the logger's `logQuery`, so
 * running the migrations for real with this logger is what sees all of it.
 *
 * Left out, because they are TypeORM's own bookkeeping rather than the migration's work: transaction
 * control (START TRANSACTION, COMMIT, savepoints) and the catalog reads its query runner makes before
 * a schema change (SELECTs on information_schema and pg_catalog, `SELECT version()`, SHOW). Anything
 * else the migration sends is kept, `typeorm_metadata` rows for views included.
 */
import { inlineParameters } from "./inline-parameters.js";

export class QueryRecorder {
  #into: string[] | undefined;
  #readsData = false;

  /** Records what `run` sends into `into`; whether it read rows of its own tables is returned. */
  async during(into: string[], run: () => Promise<unknown>): Promise<{ readsData: boolean }> {
    this.#into = into;
    this.#readsData = false;
    try {
      await run();
      return { readsData: this.#readsData };
    } finally {
      this.#into = undefined;
    }
  }

  // The Logger interface TypeORM calls.
  logQuery(query: string, parameters?: unknown[]): void {
    if (!this.#into || isBookkeeping(query)) return;
    if (/^\s*(?:WITH\b[\s\S]*?)?SELECT\b/i.test(query)) this.#readsData = true;
    this.#into.push(inlineParameters(query, parameters).trim());
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const TRANSACTION_CONTROL =
  /^\s*(?:START\s+TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE\s+SAVEPOINT|SET\s+TRANSACTION)\b/i;

/**
 * A read FROM (or JOIN) a catalog: information_schema, pg_catalog's tables and views, PostGIS's
 * geometry_columns, and TypeORM's own typeorm_metadata (read when it loads views). Only a FROM counts,
 * so a migration's `SELECT setval(pg_get_serial_sequence(…), …)` or `SELECT pg_catalog.set_config(…)`,
 * which change things, is kept.
 */
const CATALOG_READ =
  /\b(?:FROM|JOIN)\s+(?:"?(?:information_schema|pg_catalog)"?\s*\.|"?(?:pg_[a-z_]+|geometry_columns|geography_columns|typeorm_metadata)"?(?!\w))/i;
/** `SELECT version()`, `SELECT * FROM current_schema()` and the like: what the query runner asks first. */
const SERVER_QUESTION = /^\s*SELECT\s+(?:\*\s+FROM\s+)?(?:version|current_database|current_schema)\(\)/i;

export function isBookkeeping(query: string): boolean {
  if (TRANSACTION_CONTROL.test(query)) return true;
  if (/^\s*SHOW\b/i.test(query)) return true;
  return /^\s*SELECT\b/i.test(query) && (CATALOG_READ.test(query) || SERVER_QUESTION.test(query));
}
