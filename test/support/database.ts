import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";

const serverUrl = inject("serverUrl");
const unavailableReason = inject("serverUnavailableReason");

/** `describe` that runs only when a PostgreSQL server is available, and says why when it is not. */
export const describeWithDatabase: typeof describe = (
  serverUrl
    ? describe
    : (name: string, ...rest: unknown[]) => describe.skip(`${name} (${unavailableReason})`, ...(rest as []))
) as typeof describe;

if (!serverUrl) console.warn(`integration tests skipped: ${unavailableReason}`);

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
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  return { name, url: urlFor(name) };
}

export async function dropDatabase(name: string): Promise<void> {
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
