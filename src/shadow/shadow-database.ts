/**
 * A shadow database: an empty, throw-away PostgreSQL database that the migrations are replayed into,
 * so `check` and `revision --autogenerate` can compare the models with what the migrations build
 * without touching (or needing) the project's own database.
 *
 * - By default it is embedded: PGlite in memory, started on the template's files (nothing on disk).
 * - With a server URL (`--shadow-url`), it is a scratch database created on that server (the URL names
 *   the database to connect to for `CREATE DATABASE`, as `postgres` usually is) and dropped after.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { validDatabaseUrl } from "../config/database-target.js";
import { connect, maskUrl } from "../db/connect.js";
import { withClient } from "../db/with-client.js";
import { RetortError } from "../errors.js";
import { type Log, logLine, silent } from "../log.js";
import { quoteIdent } from "../sql/quote.js";

export const SHADOW_LOGGER = "retort.shadow";

export interface ShadowOptions {
  /** A server to create the scratch database on; the embedded database when absent. */
  readonly url?: string;
}

export interface ShadowContext {
  /** `.retort/`, which holds the embedded template. */
  readonly retortDir: string;
  readonly log?: Log;
}

export async function withShadowDatabase<T>(
  shadow: ShadowOptions,
  context: ShadowContext,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  return withShadowDatabaseUrl(shadow, context, (url) => withClient(url, use));
}

/**
 * The same throw-away database, handed over as a URL: for a caller that opens its own connections
 * (`import-typeorm` runs the TypeORM migrations through a TypeORM DataSource of its own).
 */
export async function withShadowDatabaseUrl<T>(
  shadow: ShadowOptions,
  context: ShadowContext,
  use: (url: string) => Promise<T>,
): Promise<T> {
  return shadow.url === undefined
    ? withEmbeddedShadow(context, use)
    : withScratchDatabase(validDatabaseUrl(shadow.url), context.log ?? silent, use);
}

async function withEmbeddedShadow<T>(context: ShadowContext, use: (url: string) => Promise<T>): Promise<T> {
  const log = context.log ?? silent;
  // Loaded on demand, as in ../db/with-connection.ts: a shadow on a server never loads PGlite.
  const { openThrowawayDatabase } = await import("../embedded/embedded-database.js");
  const shadow = await openThrowawayDatabase(context.retortDir, log);
  log(logLine("INFO", SHADOW_LOGGER, "Using a throw-away embedded database as the shadow database"));
  try {
    return await use(shadow.url);
  } finally {
    await shadow.close();
  }
}

async function withScratchDatabase<T>(
  serverUrl: string,
  log: Log,
  use: (url: string) => Promise<T>,
): Promise<T> {
  const name = `retort_shadow_${randomBytes(6).toString("hex")}`;
  const admin = await connect(serverUrl);
  try {
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      throw new RetortError(
        `Could not create the shadow database ${name} on ${maskUrl(serverUrl)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    log(logLine("INFO", SHADOW_LOGGER, `Using the shadow database ${name} on ${maskUrl(serverUrl)}`));
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${encodeURIComponent(name)}`;
      return await use(url.toString());
    } finally {
      await dropDatabase(admin, name);
    }
  } finally {
    await admin.end().catch(() => {});
  }
}

/** `WITH (FORCE)` (PostgreSQL 13+) ends a session a failed run may have left behind. */
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  const { rows } = await admin.query<{ version: number }>(
    "SELECT current_setting('server_version_num')::int AS version",
  );
  const force = (rows[0]?.version ?? 0) >= 130000 ? " WITH (FORCE)" : "";
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
}
