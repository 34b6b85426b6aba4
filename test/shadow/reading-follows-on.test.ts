/**
 * A step's reading goes on from the last one by its locks where no transaction wrote anything in
 * between, whatever else the session ran (src/shadow/incremental-catalog.ts): transaction ids say so.
 * They are the whole server's, so on a shared server other databases' transactions take ids too and
 * the reading falls back to a fingerprint (as it must: it cannot tell); these run on a throw-away
 * embedded database, one session and nobody else, as an embedded shadow is. (That a write in between
 * does send the reading to the fingerprint: ./incremental-catalog.test.ts.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type EmbeddedDatabase, openThrowawayDatabase } from "../../src/embedded/embedded-database.js";
import { catalogDifferences } from "../../src/shadow/catalog-differences.js";
import { readCatalogState } from "../../src/shadow/catalog-state.js";
import {
  type IncrementalCatalogReader,
  incrementalCatalogReader,
} from "../../src/shadow/incremental-catalog.js";
import { countingFingerprints } from "../support/counting-fingerprints.js";

const exclude = ["public.retort_version"];
let retortDir: string;
let database: EmbeddedDatabase;
let client: pg.Client;

beforeAll(async () => {
  retortDir = mkdtempSync(path.join(os.tmpdir(), "retort-follows-on-"));
  database = await openThrowawayDatabase(retortDir);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`
    CREATE TYPE mood AS ENUM ('sad', 'happy');
    CREATE TABLE author (id serial PRIMARY KEY, name text);
    CREATE TABLE post (id int PRIMARY KEY, author_id int REFERENCES author (id), feeling mood DEFAULT 'happy');
  `);
}, 120_000);

afterAll(async () => {
  await client?.end();
  await database?.close();
  rmSync(retortDir, { recursive: true, force: true });
});

test("after `settled`, transactions that only read leave the next step's reading to its locks", async () => {
  const { reader, fingerprints } = countingReader();
  await reader.read();
  await reader.settled();
  await client.query("SELECT count(*) FROM pg_class");
  await client.query("BEGIN; SELECT 1; ROLLBACK");
  fingerprints.reset();
  expect(await stepDifferences(reader, "ALTER TABLE post ADD COLUMN later int")).toEqual([]);
  expect(fingerprints.count()).toBe(0);
});

// As a round trip's comparison with the models at the heads does between its last upgrade and its
// first downgrade.
test("after a step, transactions that only read leave the next step's reading to its locks", async () => {
  const { reader, fingerprints } = countingReader();
  await reader.read();
  await reader.settled();
  expect(await stepDifferences(reader, "ALTER TABLE author ADD COLUMN bio text")).toEqual([]);
  await client.query("SELECT count(*) FROM pg_attribute");
  await client.query("BEGIN; SELECT 1; ROLLBACK");
  fingerprints.reset();
  expect(await stepDifferences(reader, "ALTER TABLE post DROP COLUMN feeling")).toEqual([]);
  expect(fingerprints.count()).toBe(0);
});

/** `statements` run as a step: in a transaction, read before it commits, compared with a full reading. */
async function stepDifferences(reader: IncrementalCatalogReader, statements: string): Promise<string[]> {
  await client.query("BEGIN");
  try {
    await client.query(statements);
    const reading = await reader.readInTransaction();
    const full = await readCatalogState(client, exclude);
    return [...catalogDifferences(full.rows, reading.rows), ...catalogDifferences(reading.rows, full.rows)];
  } finally {
    await client.query("COMMIT");
  }
}

/** A reader on the session, and a count of the whole-catalog fingerprints it reads. */
function countingReader() {
  const fingerprints = countingFingerprints(client);
  return { reader: incrementalCatalogReader(fingerprints.client, exclude), fingerprints };
}
