/**
 * The gate in front of PGlite's one session (src/embedded/serve.ts), through `pg` clients as retort's
 * own code connects: one client's request at a time, a transaction keeps the session for its client,
 * and what a client leaves behind is undone before anyone else's statement runs.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { connect } from "../../src/db/connect.js";
import { InProcessSocket } from "../../src/db/in-process-connections.js";
import { openPGlite } from "../../src/embedded/pglite-instance.js";
import { type ServedDatabase, servePGlite } from "../../src/embedded/serve.js";

let dir: string;
let db: PGlite;
let served: ServedDatabase;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "retort-serve-"));
  cpSync(inject("embeddedTemplateDir"), path.join(dir, "pgdata"), { recursive: true });
  db = await openPGlite(path.join(dir, "pgdata"));
  served = await servePGlite(db);
});

afterAll(async () => {
  await served?.stop();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function client(): Promise<pg.Client> {
  const connection = new pg.Client({ connectionString: served.url });
  await connection.connect();
  return connection;
}

const one = async (connection: pg.Client, sql: string) => (await connection.query(sql)).rows[0];

test("a client's open transaction keeps the session: another client's statement waits for its commit", async () => {
  const [first, second] = [await client(), await client()];
  await first.query("CREATE TABLE waited (n int)");
  await first.query("BEGIN");
  await first.query("INSERT INTO waited VALUES (1)");
  let answered = false;
  const count = one(second, "SELECT count(*)::int AS n FROM waited").then((row) => {
    answered = true;
    return row;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(answered).toBe(false);
  await first.query("COMMIT");
  expect(await count).toEqual({ n: 1 });
  await first.query("DROP TABLE waited");
  await Promise.all([first.end(), second.end()]);
});

test("what a client left when it disconnected is undone before the next client's first statement", async () => {
  const leaving = await client();
  await leaving.query("SET statement_timeout = '42s'");
  await leaving.query("BEGIN");
  await leaving.query("CREATE TABLE left_open (n int)");
  await leaving.query("SELECT pg_advisory_lock(7)");
  await leaving.end();

  const next = await client();
  expect(await one(next, "SELECT to_regclass('left_open') AS left_open")).toEqual({ left_open: null });
  expect(await one(next, "SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory'")).toEqual({
    locks: 0,
  });
  // Everybody had gone, so the session was reset (DISCARD ALL) too.
  expect(await one(next, "SHOW statement_timeout")).toEqual({ statement_timeout: "0" });
  await next.end();
});

test("a client that disconnects holding only an advisory lock releases it for the one waiting", async () => {
  const [holder, waiter] = [await client(), await client()];
  await holder.query("SELECT pg_advisory_lock(8)");
  let answered = false;
  const result = one(waiter, "SELECT 1 AS after").then((row) => {
    answered = true;
    return row;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(answered).toBe(false);
  await holder.end();
  expect(await result).toEqual({ after: 1 });
  expect(
    await one(waiter, "SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory'"),
  ).toEqual({ locks: 0 });
  await waiter.end();
});

test("retort's own connections reach it in-process, behind the same gate as a socket's", async () => {
  const own = await connect(served.url);
  expect((own as unknown as { connection: { stream: unknown } }).connection.stream).toBeInstanceOf(
    InProcessSocket,
  );
  const other = await client();
  await own.query("CREATE TABLE shared_gate (n int)");
  await own.query("BEGIN");
  await own.query("INSERT INTO shared_gate VALUES (1)");
  let answered = false;
  const count = one(other, "SELECT count(*)::int AS n FROM shared_gate").then((row) => {
    answered = true;
    return row;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(answered).toBe(false);
  await own.query("COMMIT");
  expect(await count).toEqual({ n: 1 });
  await own.query("DROP TABLE shared_gate");
  await Promise.all([own.end(), other.end()]);
});

test("an in-process connection's answers wait their turn of the event loop, as a socket's do", async () => {
  const own = await connect(served.url);
  // A timer due meanwhile runs between two of a run of statements (a Ctrl-C is seen the same way).
  let fired = 0;
  setImmediate(() => {
    fired += 1;
  });
  let answers = 0;
  for (let i = 0; i < 20 && fired === 0; i++) {
    await own.query("SELECT 1");
    answers += 1;
  }
  expect(fired).toBe(1);
  expect(answers).toBeLessThan(3);
  await own.end();
});
