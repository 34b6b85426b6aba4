import type pg from "pg";
import { RetortError } from "../errors.js";
import { connectFailureReason } from "./connect-failure.js";
import { inProcessStream } from "./in-process-connections.js";
import { pgDriver } from "./pg-driver.js";

/**
 * The URL as it may be printed: the password replaced by `***`, as Alembic shows it. Everything up to
 * the last `@` before the query string counts as the password, so that one with a raw `@` or `/` in it
 * (an invalid URL, but one people type) is masked whole rather than cut at its first `@`.
 */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^?\s]*@/i, "$1:***@");
}

/**
 * Opens one connection. Every failure to reach the server becomes one clear RetortError naming the
 * masked URL, never a driver stack trace.
 */
export async function connect(url: string): Promise<pg.Client> {
  const driver = pgDriver();
  let client: pg.Client;
  try {
    // application_name shows retort's sessions in pg_stat_activity (and in the lock-wait notice);
    // one in the URL wins.
    // An embedded database this process serves is reached without a socket.
    const stream = inProcessStream(url);
    client = new driver.Client({
      connectionString: url,
      connectionTimeoutMillis: 10_000,
      application_name: "retort",
      ...(stream ? { stream } : {}),
    });
  } catch (error) {
    throw new RetortError(`Invalid database URL ${maskUrl(url)}: ${(error as Error).message}`);
  }
  // A dropped connection must not crash the process through an unhandled 'error' event.
  client.on("error", () => {});
  queueQueries(client);
  try {
    await client.connect();
  } catch (error) {
    throw new RetortError(`Could not connect to ${maskUrl(url)}: ${connectFailureReason(error)}`, {
      cause: error,
    });
  }
  return client;
}

/**
 * Hands `client`'s queries to pg one at a time, each once the one before it has been answered. retort
 * overlaps reads on one connection on purpose (the version table, the catalog and the model's
 * canonicalisation while the model loads: the server works while this process does), which pg 8 queues
 * itself but warns about on stderr (`Calling client.query() when the client is already executing a
 * query is deprecated`), and pg 9 will refuse. The order and the timing are what pg's queue gave:
 * pg sends a query only when the one before it is done. Callback and submittable queries (retort makes
 * none) go to pg as they come.
 */
function queueQueries(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let previous: Promise<unknown> = Promise.resolve();
  client.query = ((...args: unknown[]) => {
    const [config, values, callback] = args;
    const submittable = typeof (config as { submit?: unknown } | undefined)?.submit === "function";
    if (submittable || typeof values === "function" || typeof callback === "function") return query(...args);
    const answer = previous.then(() => query(...args));
    previous = answer.catch(() => {});
    return answer;
  }) as typeof client.query;
}
