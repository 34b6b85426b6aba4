/**
 * The one-statement catalog reading a round trip compares (src/shadow/catalog-state.ts): each change a
 * downgrade could fail to undo shows as a difference, in the words `check --shadow` prints, and equal
 * catalogs read as equal.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { catalogDifferences } from "../../src/shadow/catalog-differences.js";
import { type CatalogState, readCatalogState } from "../../src/shadow/catalog-state.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";

describeWithDatabase("reading the catalog for a round trip", () => {
  const database = useDatabase("retort_catalog_state");
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: database().url });
    await client.connect();
    await client.query(`
      CREATE TYPE mood AS ENUM ('sad', 'happy');
      CREATE SCHEMA audit;
      CREATE TABLE author (id serial PRIMARY KEY, name varchar(50) NOT NULL);
      CREATE TABLE post (
        id serial PRIMARY KEY, title text DEFAULT 'untitled', feeling mood,
        author_id integer REFERENCES author (id) ON DELETE CASCADE,
        CONSTRAINT title_not_empty CHECK (title <> '')
      );
      CREATE INDEX post_title ON post (title);
      CREATE VIEW audit.recent AS SELECT id, title FROM post;
      CREATE TABLE retort_version (version_num varchar(32) PRIMARY KEY);
    `);
  });
  afterAll(() => client?.end());

  const read = () => readCatalogState(client, ["public.retort_version"]);

  /** Applies `change`, reads, then `undo`: the differences the change made. */
  async function differencesOf(change: string, undo: string): Promise<string[]> {
    const before = await read();
    await client.query(change);
    const after = await read();
    await client.query(undo);
    expect(catalogDifferences(before.rows, (await read()).rows)).toEqual([]);
    return catalogDifferences(before.rows, after.rows);
  }

  test("two readings of an unchanged catalog are equal, retort's own tables left out", async () => {
    const [a, b] = [await read(), await read()];
    expect(catalogDifferences(a.rows, b.rows)).toEqual([]);
    expect([...a.rows.keys()]).not.toContain("table public.retort_version");
    expect([...a.rows.keys()]).toEqual(
      expect.arrayContaining([
        "schema audit",
        "enum public.mood",
        "view audit.recent",
        "sequence public.post_id_seq",
      ]),
    );
  });

  test("columns are listed in the table's order, for the column-order notes", async () => {
    const state: CatalogState = await read();
    expect(state.tables.find((t) => t.name === "post")?.columns.map((c) => c.name)).toEqual([
      "id",
      "title",
      "feeling",
      "author_id",
    ]);
  });

  test.for<[string, string, string, string[]]>([
    [
      "a column type",
      "ALTER TABLE author ALTER COLUMN name TYPE varchar(255)",
      "ALTER TABLE author ALTER COLUMN name TYPE varchar(50)",
      ['table public.author: column name: type: "character varying(50)" → "character varying(255)"'],
    ],
    [
      "nullability",
      "ALTER TABLE author ALTER COLUMN name DROP NOT NULL",
      "ALTER TABLE author ALTER COLUMN name SET NOT NULL",
      ['table public.author: column name: nullable: "false" → "true"'],
    ],
    [
      "a default",
      "ALTER TABLE post ALTER COLUMN title SET DEFAULT 'draft'",
      "ALTER TABLE post ALTER COLUMN title SET DEFAULT 'untitled'",
      [`table public.post: column title: default: "'untitled'::text" → "'draft'::text"`],
    ],
    [
      "a column comment",
      "COMMENT ON COLUMN post.title IS 'shown'",
      "COMMENT ON COLUMN post.title IS NULL",
      ['table public.post: column title: comment: (none) → "shown"'],
    ],
    [
      "an added column",
      "ALTER TABLE author ADD COLUMN bio text",
      "ALTER TABLE author DROP COLUMN bio",
      ["table public.author: column bio added"],
    ],
    [
      "a foreign key's action",
      "ALTER TABLE post DROP CONSTRAINT post_author_id_fkey, ADD CONSTRAINT post_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id)",
      "ALTER TABLE post DROP CONSTRAINT post_author_id_fkey, ADD CONSTRAINT post_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE",
      [
        'table public.post: foreignKey post_author_id_fkey: definition: "FOREIGN KEY (author_id) REFERENCES author(id) ON DELETE CASCADE" → "FOREIGN KEY (author_id) REFERENCES author(id)"',
      ],
    ],
    [
      "a dropped check constraint",
      "ALTER TABLE post DROP CONSTRAINT title_not_empty",
      "ALTER TABLE post ADD CONSTRAINT title_not_empty CHECK (title <> '')",
      ["table public.post: check title_not_empty removed"],
    ],
    [
      "an index's columns",
      "DROP INDEX post_title; CREATE INDEX post_title ON post (title, id)",
      "DROP INDEX post_title; CREATE INDEX post_title ON post (title)",
      [
        'table public.post: index post_title: definition: "CREATE INDEX post_title ON public.post USING btree (title)" → "CREATE INDEX post_title ON public.post USING btree (title, id)"',
      ],
    ],
    [
      "an enum label",
      "ALTER TYPE mood ADD VALUE 'calm'",
      "DROP VIEW audit.recent; ALTER TABLE post DROP COLUMN feeling; DROP TYPE mood; CREATE TYPE mood AS ENUM ('sad', 'happy'); ALTER TABLE post ADD COLUMN feeling mood; CREATE VIEW audit.recent AS SELECT id, title FROM post",
      [`enum public.mood: values: "'sad', 'happy'" → "'sad', 'happy', 'calm'"`],
    ],
    [
      "a sequence's increment",
      "ALTER SEQUENCE author_id_seq INCREMENT BY 5",
      "ALTER SEQUENCE author_id_seq INCREMENT BY 1",
      ['sequence public.author_id_seq: increment: "1" → "5"'],
    ],
    [
      "a view's definition",
      "CREATE OR REPLACE VIEW audit.recent AS SELECT id, title FROM post WHERE id > 10",
      "CREATE OR REPLACE VIEW audit.recent AS SELECT id, title FROM post",
      // PostgreSQL 18 (the embedded database) leaves a one-table view's column names unqualified.
      [expect.stringMatching(/^view audit\.recent: definition: ".*" → ".*WHERE \((post\.)?id > 10\);"$/)],
    ],
    ["a new schema", "CREATE SCHEMA extra", "DROP SCHEMA extra", ["schema extra added"]],
  ] as never)("%s", async ([, change, undo, expected]) => {
    expect(await differencesOf(change, undo)).toEqual(expected);
  });
});
