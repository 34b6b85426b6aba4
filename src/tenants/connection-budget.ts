/**
 * How many tenants may run at once: `--concurrency` (default 4), but never more connections than the
 * server has free. Read once, before the run: `max_connections`, less the slots kept for superusers,
 * less the connections open now, less a margin for the application and whoever else connects meanwhile.
 */
import type pg from "pg";

export const DEFAULT_CONCURRENCY = 4;

/** Connections left for others while a fleet runs. */
const MARGIN = 5;

type Queryable = Pick<pg.Client, "query">;

export interface ConcurrencyLimit {
  /** How many tenants run at once. */
  readonly concurrency: number;
  /** When the server's free connections lowered the request: how many there were. */
  readonly cappedAt?: number;
}

export async function concurrencyLimit(
  client: Queryable | undefined,
  requested = DEFAULT_CONCURRENCY,
): Promise<ConcurrencyLimit> {
  const wanted = Math.max(1, Math.floor(requested));
  if (!client) return { concurrency: wanted };
  const free = await freeConnections(client);
  return free < wanted ? { concurrency: Math.max(1, free), cappedAt: free } : { concurrency: wanted };
}

async function freeConnections(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ free: number }>(
    `SELECT current_setting('max_connections')::int
          - current_setting('superuser_reserved_connections')::int
          - (SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend')::int
          - ${MARGIN} AS free`,
  );
  return rows[0]?.free ?? 1;
}
