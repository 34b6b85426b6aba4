/**
 * Test databases: created (and dropped) on the server the global setup found, or, when there is none,
 * handed out by the embedded hub (one PGlite instance per database, see ./embedded-hub.ts).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { NEEDS_SERVER } from "./server-only.js";

const serverUrl = inject("serverUrl");
const embeddedHubUrl = inject("embeddedHubUrl");

/** Which kind of PostgreSQL the integration tests run on. */
export const databaseKind: "server" | "embedded" = serverUrl ? "server" : "embedded";

/** `describe` for integration tests: every run has a database now, a server or the embedded one. */
export const describeWithDatabase: typeof describe = describe;

/**
 * `describe` for what only a real server can do (several databases behind one URL, for instance). On the
 * embedded database the suite is skipped, and ./skip-reasons-reporter.ts lists it under the summary.
 */
export const describeWithServer: typeof describe = (
  serverUrl
    ? describe
    : (name: string, ...rest: unknown[]) => describe.skip(`${name} (${NEEDS_SERVER})`, ...(rest as []))
) as typeof describe;

/** The server's URL with another database name. */
export function urlFor(database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(prefix = "retort_test"): Promise<{ name: string; url: string }> {
  if (!serverUrl) {
    const response = await hubFetch(`${embeddedHubUrl}/databases?prefix=${encodeURIComponent(prefix)}`, {
      method: "POST",
    });
    if (!response.ok) throw new Error(`embedded hub: ${await response.text()}`);
    return (await response.json()) as { name: string; url: string };
  }
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  return { name, url: urlFor(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  if (!serverUrl) {
    const response = await hubFetch(`${embeddedHubUrl}/databases/${encodeURIComponent(name)}`, {
      method: "DELETE",
    });
    if (!response.ok) throw new Error(`embedded hub: ${await response.text()}`);
    return;
  }
  await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * A fresh database for the enclosing describe block, dropped afterwards. Returns a getter because the
 * database exists only once beforeAll has run.
 */
export function useDatabase(prefix?: string): () => { name: string; url: string } {
  let db: { name: string; url: string } | undefined;
  beforeAll(async () => {
    db = await createDatabase(prefix);
  });
  afterAll(async () => {
    if (db) await dropDatabase(db.name);
  });
  return () => {
    if (!db) throw new Error("database not created yet");
    return db;
  };
}

/** Runs one query on a database and returns its rows. */
export async function query<T = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * fetch to the embedded hub, tried once more when the connection it reused was closed under it: Node's
 * HTTP server drops idle keep-alive connections after five seconds, and a request that picks one up at
 * that moment fails with "other side closed" (or, when the close races the request's first bytes,
 * ECONNRESET: seen once on a loaded machine) without having reached the hub.
 */
async function hubFetch(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = ((error as Error).cause as { code?: string } | undefined)?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw error;
    return fetch(url, init);
  }
}
