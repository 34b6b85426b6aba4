/**
 * Serialises migration runs on one database. Alembic takes no lock (sqlalchemy/alembic#633) and
 * projects add `pg_advisory_lock` in env.py themselves; retort always takes one, so two deploys
 * starting `retort upgrade head` at once apply each migration once.
 *
 * The lock is session-level (it spans the per-step transactions) and scoped to the current database
 * by PostgreSQL itself. It is released explicitly, and by PostgreSQL if the connection drops.
 */
import { createHash } from "node:crypto";
import type pg from "pg";

/** A fixed 64-bit key: the first 8 bytes of sha256("retort"), as a signed bigint. */
export const MIGRATION_LOCK_KEY: string = BigInt.asIntN(
  64,
  createHash("sha256").update("retort").digest().readBigUInt64BE(0),
).toString();

type Queryable = Pick<pg.Client, "query">;

/** Waits, without a timeout, until no other retort run holds the lock on this database. */
export async function acquireMigrationLock(client: Queryable): Promise<void> {
  await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
}

export async function releaseMigrationLock(client: Queryable): Promise<void> {
  await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
}
