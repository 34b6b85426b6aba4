/**
 * ownedSequenceName (src/sql/object-names.ts) against the server itself: the name PostgreSQL gives a
 * serial's and an identity's sequence, for short names, long ones (each part shortened, the longer
 * first, never the `_seq`) and names whose characters take several bytes.
 */
import { describe, expect, test } from "vitest";
import { ownedSequenceName } from "../../src/sql/object-names.js";
import { quoteIdent } from "../../src/sql/quote.js";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";

const cases: [string, string][] = [
  ["item", "id"],
  ["a".repeat(63), "id"],
  ["order_lines", "b".repeat(63)],
  ["c".repeat(40), "d".repeat(40)],
  ["e".repeat(63), "f".repeat(63)],
  // Two-byte characters: a part is never cut in the middle of one.
  ["é".repeat(31), "ü".repeat(20)],
  ["tabelle_ß", "ñ".repeat(31)],
  // Three bytes each, with an odd budget left for them.
  ["日本語".repeat(7), "列".repeat(20)],
];

describe("ownedSequenceName, by hand", () => {
  test("short names are joined as they are", () => {
    expect(ownedSequenceName("item", "id")).toBe("item_id_seq");
  });

  test("the longer part gives way first, and the label stays whole", () => {
    expect(ownedSequenceName("a".repeat(63), "id")).toBe(`${"a".repeat(56)}_id_seq`);
    expect(ownedSequenceName("e".repeat(63), "f".repeat(63))).toBe(`${"e".repeat(29)}_${"f".repeat(29)}_seq`);
  });
});

describeWithDatabase("ownedSequenceName is the name the server gives", () => {
  const db = useDatabase("retort_seq_names");

  test.for(cases.map(([table, column]) => [`${table} . ${column}`, table, column] as const))(
    "%s",
    async ([, table, column]) => {
      const url = db().url;
      await query(url, `CREATE TABLE ${quoteIdent(table)} (${quoteIdent(column)} serial)`);
      const [serial] = await query<{ name: string }>(
        url,
        "SELECT pg_get_serial_sequence(format('%I', $1::text), $2) AS name",
        [table, column],
      );
      const [stored] = await query<{ relname: string }>(
        url,
        "SELECT relname::text FROM pg_class WHERE oid = $1::regclass",
        [serial!.name],
      );
      await query(url, `DROP TABLE ${quoteIdent(table)}`);
      // The column names as the server stores them: the table's and column's own 63-byte cut first.
      const [names] = await query<{ t: string; c: string }>(
        url,
        "SELECT $1::name::text AS t, $2::name::text AS c",
        [table, column],
      );
      expect(stored!.relname).toBe(ownedSequenceName(names!.t, names!.c));
    },
  );

  test("an identity's sequence is named the same way", async () => {
    const url = db().url;
    const [table, column] = ["g".repeat(50), "h".repeat(30)];
    await query(
      url,
      `CREATE TABLE ${quoteIdent(table)} (${quoteIdent(column)} int GENERATED ALWAYS AS IDENTITY)`,
    );
    const [row] = await query<{ relname: string }>(
      url,
      "SELECT relname::text FROM pg_class WHERE oid = pg_get_serial_sequence(format('%I', $1::text), $2)::regclass",
      [table, column],
    );
    expect(row!.relname).toBe(ownedSequenceName(table, column));
  });
});
