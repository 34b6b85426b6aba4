/**
 * Introspection costs a fixed number of statements whatever the number of tables (issue 8): the same
 * count at N = 10 and N = 200 tables in the benchmark's mix (uuid and identity keys, numeric, jsonb,
 * timestamptz defaults, a named enum on every fifth table, foreign keys to earlier tables, unique and
 * plain indexes, join tables). Counted, not timed.
 */
import pg from "pg";
import { expect, it } from "vitest";
import { introspect } from "../../src/introspect/index.js";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";

function application(count: number): string {
  const statements: string[] = [];
  for (let i = 1; i <= count; i++) {
    if (i % 5 === 0) statements.push(`CREATE TYPE item_${i}_status AS ENUM ('draft', 'live', 'archived')`);
    const key =
      i % 2 === 0 ? "id uuid NOT NULL DEFAULT gen_random_uuid()" : "id integer GENERATED ALWAYS AS IDENTITY";
    const ref =
      i > 1 ? `, ref integer REFERENCES item_${i - (i % 2 === 0 ? 1 : 2)} (id) ON DELETE CASCADE` : "";
    const status = i % 5 === 0 ? `, status item_${i}_status NOT NULL DEFAULT 'draft'` : "";
    statements.push(
      `CREATE TABLE item_${i} (${key} PRIMARY KEY, name varchar(120) NOT NULL, code varchar(32) NOT NULL,
         amount numeric(12,2) NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now(),
         payload jsonb${status}${i % 2 === 1 ? ref : ""})`,
      `CREATE UNIQUE INDEX item_${i}_code ON item_${i} (code)`,
      `CREATE INDEX item_${i}_name ON item_${i} (name, created_at)`,
    );
    if (i % 10 === 0)
      statements.push(
        `CREATE TABLE item_${i}_links (a uuid REFERENCES item_${i} (id), b integer REFERENCES item_${i - 1} (id),
           PRIMARY KEY (a, b))`,
      );
  }
  return `${statements.join(";\n")};`;
}

async function statementsToRead(url: string): Promise<{ statements: number; tables: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let statements = 0;
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      statements++;
      return original(...args);
    }) as typeof client.query;
    const read = await introspect(client, { schemas: ["public"] });
    return { statements, tables: read.tables.length };
  } finally {
    await client.end();
  }
}

describeWithDatabase("introspection statement count", () => {
  const ten = useDatabase("retort_count_10");
  const twoHundred = useDatabase("retort_count_200");

  it("is the same at N = 10 and N = 200", async () => {
    await query(ten().url, application(10));
    await query(twoHundred().url, application(200));
    const few = await statementsToRead(ten().url);
    const many = await statementsToRead(twoHundred().url);
    expect(few.tables).toBe(11);
    expect(many.tables).toBe(220);
    expect(many.statements).toBe(few.statements);
    // The server's version, then every other catalog query in one request.
    expect(few.statements).toBe(2);
  });
});
