/**
 * The round trip's incremental catalog reading (src/shadow/incremental-catalog.ts): after each change
 * below, a reading that reuses what it read before must equal a full reading. A wrong reuse would let
 * `check --shadow` call a downgrade that did not restore the schema restored, so the changes are the
 * ones that alter a relation's text without touching its own catalog rows (a rename of what it names)
 * or touch rows without changing counts.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { catalogDifferences } from "../../src/shadow/catalog-differences.js";
import { catalogFingerprintReader } from "../../src/shadow/catalog-fingerprint.js";
import { type CatalogState, readCatalogState } from "../../src/shadow/catalog-state.js";
import {
  type IncrementalCatalogReader,
  incrementalCatalogReader,
} from "../../src/shadow/incremental-catalog.js";
import { countingFingerprints } from "../support/counting-fingerprints.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";

const SCHEMA = `
  CREATE TYPE mood AS ENUM ('sad', 'happy');
  CREATE SCHEMA audit;
  CREATE TABLE author (id serial PRIMARY KEY, name varchar(50) NOT NULL, code text UNIQUE);
  COMMENT ON TABLE author IS 'writers';
  CREATE TABLE post (
    id serial PRIMARY KEY, title text DEFAULT 'untitled', feeling mood DEFAULT 'happy',
    author_code text REFERENCES author (code),
    CONSTRAINT title_not_empty CHECK (title <> '')
  );
  CREATE INDEX post_title ON post (title);
  CREATE SEQUENCE ticket_seq;
  CREATE TABLE ticket (id bigint DEFAULT nextval('ticket_seq') PRIMARY KEY, subject text);
  CREATE VIEW audit.recent AS SELECT p.id, p.title, a.name FROM post p JOIN author a ON a.code = p.author_code;
  CREATE VIEW audit.recent_titles AS SELECT title FROM audit.recent;
  CREATE TABLE audit.entry (id int PRIMARY KEY, author_id int REFERENCES public.author (id), feeling mood);
  CREATE TYPE address AS (street text, city text);
  CREATE DOMAIN labels AS text[];
  CREATE TABLE tag (id int PRIMARY KEY, label text, home address, also labels);
  CREATE TABLE tagged (id int PRIMARY KEY, first tag, rest tag[]);
  CREATE TABLE retort_version (version_num varchar(32) PRIMARY KEY);
`;

// Each changes a relation's text without touching its own catalog rows (a rename of what it names), or
// touches rows without changing counts, or changes what is outside the relations.
const CHANGES: [string, string][] = [
  ["rename a column an FK in another table refers to", "ALTER TABLE author RENAME COLUMN code TO handle"],
  ["rename a column a view refers to", "ALTER TABLE post RENAME COLUMN title TO headline"],
  ["rename a referenced table", "ALTER TABLE author RENAME TO writer"],
  [
    "rename a view's column another view refers to",
    "ALTER TABLE audit.recent RENAME COLUMN title TO heading",
  ],
  ["rename a table whose row type (and its array) columns have", "ALTER TABLE tag RENAME TO label"],
  ["rename an enum type", "ALTER TYPE mood RENAME TO feeling"],
  ["rename a composite type a column has", "ALTER TYPE address RENAME TO place"],
  ["rename a domain over an array a column has", "ALTER DOMAIN labels RENAME TO tags"],
  ["rename an enum label a default uses", "ALTER TYPE mood RENAME VALUE 'happy' TO 'glad'"],
  ["rename a schema", "ALTER SCHEMA audit RENAME TO archive"],
  ["move a table to another schema", "CREATE SCHEMA moved; ALTER TABLE ticket SET SCHEMA moved"],
  [
    "drop and add a constraint, the count unchanged",
    "ALTER TABLE post DROP CONSTRAINT title_not_empty, ADD CONSTRAINT title_not_empty CHECK (length(title) > 1)",
  ],
  ["drop a constraint", "ALTER TABLE post DROP CONSTRAINT title_not_empty"],
  ["change a table comment", "COMMENT ON TABLE author IS 'authors'"],
  ["remove a table comment", "COMMENT ON TABLE author IS NULL"],
  ["add a column comment", "COMMENT ON COLUMN post.title IS 'shown'"],
  ["comment on an index", "COMMENT ON INDEX post_title IS 'search'"],
  ["rename a sequence a default uses", "ALTER SEQUENCE ticket_seq RENAME TO ticket_number"],
  ["change which column owns a sequence", "ALTER SEQUENCE ticket_seq OWNED BY ticket.id"],
  ["rename an index", "ALTER INDEX post_title RENAME TO post_headline"],
  ["drop an index", "DROP INDEX post_title"],
  ["alter a column type", "ALTER TABLE ticket ALTER COLUMN subject TYPE varchar(80)"],
  [
    "alter the type of a column an FK refers to",
    "ALTER TABLE audit.entry ALTER COLUMN author_id TYPE bigint",
  ],
  ["add a column", "ALTER TABLE ticket ADD COLUMN body text"],
  ["drop a column", "ALTER TABLE ticket DROP COLUMN subject"],
  ["drop a default", "ALTER TABLE post ALTER COLUMN title DROP DEFAULT"],
  [
    "the same change twice in one transaction",
    "BEGIN; ALTER TABLE ticket ADD COLUMN body text; ALTER TABLE ticket DROP COLUMN body; ALTER TABLE ticket ADD COLUMN body text; COMMIT",
  ],
  [
    "drop a column and add it back in one transaction",
    "BEGIN; ALTER TABLE ticket DROP COLUMN subject; ALTER TABLE ticket ADD COLUMN subject varchar(10); COMMIT",
  ],
  [
    "replace a view",
    "CREATE OR REPLACE VIEW audit.recent AS SELECT p.id, p.title, a.name FROM post p JOIN author a ON a.code = p.author_code WHERE p.id > 1",
  ],
  [
    // What \`global\` counts is touched and ends as it was: counted again, and found unchanged.
    "a type made and dropped in a step that adds a column",
    "BEGIN; CREATE TYPE passing AS ENUM ('x'); DROP TYPE passing; ALTER TABLE ticket ADD COLUMN body text; COMMIT",
  ],
  ["drop a table", "DROP TABLE ticket"],
  ["create a table", "CREATE TABLE extra (id int PRIMARY KEY REFERENCES author (id))"],
  [
    "a table in an earlier schema on the path hides a referenced one",
    "CREATE SCHEMA archive; SET search_path = archive, public; CREATE TABLE archive.author (id int)",
  ],
  ["change the search path", "SET search_path = audit, public"],
  [
    "a function a default calls, renamed",
    "CREATE FUNCTION next_title() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$; ALTER TABLE post ALTER COLUMN title SET DEFAULT next_title(); ALTER FUNCTION next_title() RENAME TO first_title",
  ],
];

describeWithDatabase("incremental catalog readings", () => {
  const database = useDatabase("retort_incremental_catalog");
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: database().url });
    await client.connect();
  });
  afterAll(() => client?.end());
  beforeEach(async () => {
    await client.query("DROP SCHEMA IF EXISTS audit, archive, moved CASCADE");
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    await client.query("RESET search_path");
    await client.query(SCHEMA);
  });

  const exclude = ["public.retort_version"];

  /** The differences between an incremental and a full reading, and whether the table orders agree. */
  async function compareWithFull(incremental: CatalogState): Promise<string[]> {
    const full = await readCatalogState(client, exclude);
    const differences = [
      ...catalogDifferences(full.rows, incremental.rows),
      ...catalogDifferences(incremental.rows, full.rows),
    ];
    expect(incremental.tables).toEqual(full.tables);
    return differences;
  }

  test.for<[string, string]>(CHANGES)("%s", async ([, change]) => {
    const reader = incrementalCatalogReader(client, exclude);
    expect(await compareWithFull(await reader.read())).toEqual([]);
    const before = await readCatalogState(client, exclude);
    await client.query(change);
    const after = await reader.read();
    expect(await compareWithFull(after)).toEqual([]);
    // The change is one the reading sees (else this case would prove nothing).
    const changed = catalogDifferences(before.rows, after.rows).length > 0 || change.startsWith("SET");
    expect(changed).toBe(true);
    // And once more, now from what the second reading kept.
    await client.query("ALTER TABLE post ADD COLUMN later int");
    expect(await compareWithFull(await reader.read())).toEqual([]);
  });

  // The same changes read in their transaction before it commits, by the relations it locked: what
  // `check --shadow` does after each step. The reading must equal a full one read in the same place.
  test.for<[string, string]>(CHANGES)("in its transaction: %s", async ([, change]) => {
    const before = await readCatalogState(client, exclude);
    const { counting, reader } = await readerAfterAStep();
    const first = await inTransaction(reader, change);
    expect(first.differences).toEqual([]);
    expect(catalogDifferences(before.rows, first.full.rows).length > 0 || change.startsWith("SET")).toBe(
      true,
    );
    // From what that reading kept, the next steps' readings.
    expect((await inTransaction(reader, "ALTER TABLE post ADD COLUMN later int")).differences).toEqual([]);
    expect((await inTransaction(reader, "ALTER TABLE tagged ADD COLUMN later int")).differences).toEqual([]);
    // By locks alone, unless the change was outside the relations (the fingerprint's global part).
    const outside = /ALTER TYPE|ALTER DOMAIN|SCHEMA|search_path|FUNCTION/.test(change);
    expect(counting.count()).toBe(outside ? 1 : 0);
    // And by fingerprint again after them.
    await client.query("ALTER TABLE post ADD COLUMN later_still int");
    expect(await compareWithFull(await reader.read())).toEqual([]);
  });

  // What `global` counts is counted again only in a transaction that may have changed it (the
  // session's statistics say; PostgreSQL 15+): not in a step that changed relations only.
  test("a step that changed only relations leaves the global rows uncounted", async () => {
    const version = await client.query<{ v: number }>(
      "SELECT current_setting('server_version_num')::int AS v",
    );
    const fingerprints = await catalogFingerprintReader(client, exclude);
    await client.query("BEGIN");
    await fingerprints.fingerprint();
    await client.query("COMMIT");
    const counted = async (statement: string) => {
      await client.query("BEGIN");
      try {
        await client.query(statement);
        return !(await fingerprints.transactionChanges()).globalAfter("0:0 earlier").startsWith("0:0 ");
      } finally {
        await client.query("COMMIT");
      }
    };
    expect(await counted("ALTER TABLE post ADD COLUMN later int")).toBe(version.rows[0]!.v < 150000);
    expect(await counted("ALTER TABLE ticket ADD COLUMN body text")).toBe(version.rows[0]!.v < 150000);
    expect(await counted("CREATE TYPE colour AS ENUM ('red')")).toBe(true);
    expect(await counted("ALTER TYPE address ADD ATTRIBUTE zip text")).toBe(true);
    expect(await counted("ALTER TABLE post ADD COLUMN later_still int")).toBe(version.rows[0]!.v < 150000);
  });

  // (Transactions that only read in between: ./reading-follows-on.test.ts, on a database no other
  // session takes transaction ids from.)
  test("after a step, a transaction that wrote in between sends the next step's reading to the fingerprint", async () => {
    const { counting, reader } = await readerAfterAStep();
    expect((await inTransaction(reader, "ALTER TABLE post ADD COLUMN later int")).differences).toEqual([]);
    await client.query("SELECT 1");
    // Changes a relation the next step does not lock: only a fingerprint sees it.
    await client.query("ALTER TABLE author ADD COLUMN bio text");
    expect((await inTransaction(reader, "ALTER TABLE ticket ADD COLUMN body text")).differences).toEqual([]);
    expect(counting.count()).toBe(1);
  });

  // A first migration creates the types and then the tables; the last downgrade drops them: a change
  // outside the relations where every relation there is is locked, and read, anyway.
  test("a change outside the relations, with every relation locked, is read by the locks", async () => {
    await client.query(
      "DROP SCHEMA IF EXISTS audit CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public",
    );
    await client.query(
      "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE only_one (id int PRIMARY KEY, feeling mood DEFAULT 'happy')",
    );
    const { counting, reader } = await readerAfterAStep();
    const step = "ALTER TYPE mood RENAME VALUE 'happy' TO 'glad'; ALTER TABLE only_one ADD COLUMN later int";
    const { differences, full } = await inTransaction(reader, step);
    expect(differences).toEqual([]);
    expect(full.rows.get("table public.only_one")?.get("column feeling")?.get("default")).toBe(
      "'glad'::mood",
    );
    expect(counting.count()).toBe(0);
    // Every relation dropped, with the type.
    expect((await inTransaction(reader, "DROP TABLE only_one; DROP TYPE mood")).differences).toEqual([]);
    expect(counting.count()).toBe(0);
  });

  test("after `settled`, a transaction that wrote in between sends the next step's reading to the fingerprint", async () => {
    const counting = countingFingerprints(client);
    const reader = incrementalCatalogReader(counting.client, exclude);
    await reader.read();
    await reader.settled();
    await client.query("ALTER TABLE author ADD COLUMN bio text");
    counting.reset();
    expect((await inTransaction(reader, "ALTER TABLE post ADD COLUMN later int")).differences).toEqual([]);
    expect(counting.count()).toBe(1);
  });

  test("an empty database's fingerprint, from the short statement, is the whole statement's", async () => {
    const fingerprints = await catalogFingerprintReader(client, exclude);
    expect(await fingerprints.fingerprintIfEmpty()).toBeUndefined();
    await client.query(
      "DROP SCHEMA IF EXISTS audit CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public",
    );
    // retort's own table is not a relation a reading covers.
    await client.query("CREATE TYPE mood AS ENUM ('sad'); CREATE TABLE retort_version (version_num text)");
    const short = await fingerprints.fingerprintIfEmpty();
    const whole = await fingerprints.fingerprint();
    expect(short?.global).toBe(whole.global);
    expect(short?.relations).toEqual(whole.relations);
    expect(whole.relations.size).toBe(0);
  });

  test("a step that committed part-way is read by fingerprint", async () => {
    const { counting, reader } = await readerAfterAStep();
    // As a step with CREATE INDEX CONCURRENTLY does: its first part committed (its locks gone), the
    // rest in a new transaction.
    await client.query("CREATE TABLE extra (id int PRIMARY KEY)");
    expect((await inTransaction(reader, "ALTER TABLE post ADD COLUMN later int")).differences).toEqual([]);
    expect(counting.count()).toBe(1);
  });

  /**
   * A reader whose first reading was taken in a transaction, as a round trip's is in a step's (the
   * next step's transaction follows on), and a count of the whole-catalog fingerprints it reads after.
   */
  async function readerAfterAStep() {
    const counting = countingFingerprints(client);
    const reader = incrementalCatalogReader(counting.client, exclude);
    await client.query("BEGIN");
    await reader.read();
    await client.query("COMMIT");
    counting.reset();
    return { counting, reader };
  }

  /** Runs `statements` in a transaction, reads in it before COMMIT, and compares with a full reading there. */
  async function inTransaction(reader: IncrementalCatalogReader, statements: string) {
    await client.query("BEGIN");
    try {
      await client.query(statements.replace(/^BEGIN; |; COMMIT$/g, ""));
      const reading = await reader.readInTransaction();
      const full = await readCatalogState(client, exclude);
      const differences = await compareWithFull(reading);
      await client.query("COMMIT");
      return { differences, full };
    } catch (error) {
      // (Not after COMMIT: even a ROLLBACK with nothing to roll back is a transaction of the session.)
      await client.query("ROLLBACK");
      throw error;
    }
  }

  test("a reading deparses only the relations that changed and those naming them", async () => {
    const selected: string[] = [];
    const spy = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== "query") return Reflect.get(target, property, receiver);
        return (...args: Parameters<pg.Client["query"]>) => {
          const [text, values] = args as unknown as [unknown, unknown[] | undefined];
          if (typeof text === "string" && text.includes("retort.catalog_relations"))
            selected.push(String(values?.[0]));
          return (target.query as (...a: unknown[]) => unknown)(...args);
        };
      },
    });
    const reader = incrementalCatalogReader(spy, exclude);
    await reader.read();
    // The first reading reads every relation: 6 tables, 2 views and 3 sequences (2 serials' and one).
    expect(selected.map((list) => list.split(",").length)).toEqual([11]);
    selected.length = 0;
    await reader.read();
    expect(selected).toEqual([]); // Nothing changed: nothing read.
    await client.query("ALTER TABLE author RENAME COLUMN name TO full_name");
    await reader.read();
    const oids = async (...names: string[]) =>
      (await client.query<{ oid: number }>("SELECT unnest($1::regclass[])::oid AS oid", [names])).rows
        .map((row) => Number(row.oid))
        .sort((a, b) => a - b);
    // author changed; the view, the two tables with FKs to it and its serial's sequence name it; ticket
    // and the other sequences do not.
    const dirty = await oids("author", "author_id_seq", "post", "audit.recent", "audit.entry");
    expect(
      selected.map((list) =>
        list
          .slice(1, -1)
          .split(",")
          .map(Number)
          .sort((a, b) => a - b),
      ),
    ).toEqual([dirty]);
  });

  test("in its transaction, what names a changed relation is read again only after a rename", async () => {
    const oids = async (...names: string[]) =>
      (await client.query<{ oid: number }>("SELECT unnest($1::regclass[])::oid AS oid", [names])).rows
        .map((row) => Number(row.oid))
        .sort((a, b) => a - b);
    // Looked up first: a statement between the steps would be a transaction of the session between them.
    const author = await oids("author");
    // What names author: its serial's sequence, the table and view naming it, and its TOAST table (no
    // reading covers it: read for nothing).
    const { rows: toast } = await client.query<{ oid: number }>(
      "SELECT reltoastrelid AS oid FROM pg_class WHERE oid = 'author'::regclass",
    );
    const namingAuthor = [
      ...(await oids("author_id_seq", "post", "audit.recent", "audit.entry")),
      Number(toast[0]!.oid),
    ].sort((a, b) => a - b);
    const { counting, reader } = await readerAfterAStep();
    /** The relations the step's reading read last (the session's selection), and its differences from a full one. */
    const step = async (statement: string) => {
      await client.query("BEGIN");
      try {
        await client.query(statement);
        const reading = await reader.readInTransaction();
        const { rows } = await client.query<{ selected: string }>(
          "SELECT current_setting('retort.catalog_relations') AS selected",
        );
        const differences = await compareWithFull(reading);
        await client.query("COMMIT");
        const selected = rows[0]!.selected.slice(1, -1).split(",").map(Number);
        return { selected: selected.sort((a, b) => a - b), differences };
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    };
    // A column added: the author table alone, though the view, two FKs and a sequence name it.
    const added = await step("ALTER TABLE author ADD COLUMN born date");
    expect(added.differences).toEqual([]);
    expect(added.selected).toEqual(author);
    // A column of it renamed: then what names it too.
    const renamed = await step("ALTER TABLE author RENAME COLUMN name TO full_name");
    expect(renamed.differences).toEqual([]);
    expect(renamed.selected).toEqual(namingAuthor);
    // Both by the transaction's locks, not by a fingerprint of every relation.
    expect(counting.count()).toBe(0);
  });
});
