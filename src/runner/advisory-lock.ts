/**
 * Serialises migration runs on one database. Alembic takes no lock (sqlalchemy/alembic#633) and
 * projects add `pg_advisory_lock` in env.py themselves; retort always takes one, so two deploys
 * starting `retort upgrade head` at once apply each migration once.
 *
 * The lock is session-level (it spans the per-step transactions) and scoped to the current database
 * by PostgreSQL itself. It is released explicitly, and by PostgreSQL if the connection drops.
 *
 * There is one lock per version table, not one per database: the schema tenants of a fleet
 * (../tenants/) share a database but each has its own version table, and one tenant's run must not
 * wait for another's. The default `public.retort_version` keeps the key retort always used, so a
 * retort from before this change, still running, and a new one still exclude each other.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import { RetortError } from "../errors.js";
import { type Log, logLine, silent } from "../log.js";
import { DEFAULT_VERSION_TABLE, type VersionTableName } from "./version-table.js";

/** The first 8 bytes of sha256(text), as a signed bigint. */
function keyOf(text: string): string {
  return BigInt.asIntN(64, createHash("sha256").update(text).digest().readBigUInt64BE(0)).toString();
}

/** The key of the default version table: the first 8 bytes of sha256("retort"), as it always was. */
export const MIGRATION_LOCK_KEY: string = keyOf("retort");

/**
 * The lock of runs that keep their versions in `versionTable`: the fixed key for the default table,
 * else one derived from the table's qualified name (a NUL between the parts, which no name holds).
 */
export function migrationLockKey(versionTable: VersionTableName = DEFAULT_VERSION_TABLE): string {
  const { schema, table } = versionTable;
  if (schema === DEFAULT_VERSION_TABLE.schema && table === DEFAULT_VERSION_TABLE.table)
    return MIGRATION_LOCK_KEY;
  return keyOf(`retort\0${schema}\0${table}`);
}

/** pg_locks shows a bigint advisory key as two 32-bit halves (classid, objid) with objsubid 1. */
function keyHalves(key: string): { classid: string; objid: string } {
  const unsigned = BigInt.asUintN(64, BigInt(key));
  return { classid: (unsigned >> 32n).toString(), objid: (unsigned & 0xffffffffn).toString() };
}

type Queryable = Pick<pg.Client, "query">;

export interface LockOptions {
  /** Where the one "waiting" notice goes. */
  readonly log?: Log;
  /** Give up after this many seconds of waiting; undefined or 0 waits as long as it takes. */
  readonly timeoutSeconds?: number;
  /** The version table the run keeps its versions in: its lock is taken (default public.retort_version). */
  readonly versionTable?: VersionTableName;
}

export const LOCK_LOGGER = "retort.runtime.lock";

/**
 * Takes the lock. When another run holds it, says so once (naming that session) and waits, up to
 * `timeoutSeconds` when given. The wait uses PostgreSQL's own `lock_timeout`, which applies to advisory
 * locks too, set for this one statement so a database default (meant for the migrations' DDL) neither
 * cuts the wait short nor outlives it.
 */
export async function acquireMigrationLock(client: Queryable, options: LockOptions = {}): Promise<void> {
  const key = migrationLockKey(options.versionTable);
  const tried = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
    key,
  ]);
  if (tried.rows[0]?.locked) return;

  const holder = await lockHolder(client, key);
  const timeout = options.timeoutSeconds ?? 0;
  const log = options.log ?? silent;
  log(
    logLine(
      "INFO",
      LOCK_LOGGER,
      `Waiting for the migration lock: ${holder.who} holds it (${holder.detail})` +
        (timeout > 0 ? `; giving up after ${timeout}s` : ""),
    ),
  );
  await client.query("SELECT set_config('lock_timeout', $1, false)", [`${Math.round(timeout * 1000)}ms`]);
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
  } catch (error) {
    // 55P03 lock_not_available: lock_timeout expired.
    if ((error as { code?: string }).code === "55P03") {
      const still = await lockHolder(client, key);
      throw new RetortError(
        `Gave up waiting for the migration lock after ${timeout}s: ${still.who} (${still.detail}) still ` +
          "holds it. Nothing was changed; run again once it has finished, or raise --lock-timeout.",
      );
    }
    throw error;
  } finally {
    await client.query("RESET lock_timeout").catch(() => {});
  }
}

export async function releaseMigrationLock(
  client: Queryable,
  versionTable?: VersionTableName,
): Promise<void> {
  await client.query("SELECT pg_advisory_unlock($1::bigint)", [migrationLockKey(versionTable)]);
}

/**
 * Who holds the lock: `another retort run` (or `another session` when it is not retort, such as a
 * psql taking the lock by hand), and `pid 4242, application retort, connected since 12:00:01`.
 */
async function lockHolder(client: Queryable, key: string): Promise<{ who: string; detail: string }> {
  const halves = keyHalves(key);
  const result = await client
    .query<{ pid: number; application_name: string | null; since: string | null }>(
      `SELECT l.pid, a.application_name, to_char(a.backend_start, 'HH24:MI:SS') AS since
         FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.classid = $1::oid AND l.objid = $2::oid AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [halves.classid, halves.objid],
    )
    .catch(() => undefined);
  const row = result?.rows[0];
  if (!row) return { who: "another session", detail: "its session could not be read" };
  const parts = [`pid ${row.pid}`];
  if (row.application_name) parts.push(`application ${row.application_name}`);
  if (row.since) parts.push(`connected since ${row.since}`);
  const who = row.application_name === "retort" ? "another retort run" : "another session";
  return { who, detail: parts.join(", ") };
}
