/**
 * The names retort computes for PostgreSQL are the ones the server itself stores: a long name cut at
 * 63 bytes on a whole character (the `name` type's input), and a serial's sequence named as the server
 * names it (makeObjectName: the longer part is cut first, the label survives). Asked of the server,
 * not written down, so a case here cannot disagree with PostgreSQL.
 */
import pg from "pg";
import { expect, test } from "vitest";
import { derivedName, storedName } from "../../src/sql/identifier-length.js";
import { quoteIdent } from "../../src/sql/quote.js";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";

const LONG = "warehouse_inventory_movement_ledger_entries_for_quarterly_stock_reconciliation";

const names = [
  "short",
  "x".repeat(63),
  "x".repeat(64),
  LONG,
  // 31 two-byte characters are 62 bytes; the 32nd would straddle byte 63.
  "é".repeat(40),
  `${"a".repeat(61)}名前`,
];

const serials: [string, string][] = [
  ["ticket", "id"],
  [LONG, "position"],
  ["t", "c".repeat(70)],
  [LONG, `${"a".repeat(50)}_column`],
  ["é".repeat(30), "ü".repeat(30)],
  [`${"a".repeat(40)}名前名前`, "position"],
];

test("derivedName is the plain joined name when it fits", () => {
  expect(derivedName("ticket", "id", "seq")).toBe("ticket_id_seq");
  expect(derivedName("mood", undefined, "old")).toBe("mood_old");
});

test("derivedName with no second part cuts the first so the label fits", () => {
  const name = derivedName("x".repeat(63), undefined, "old");
  expect(name).toBe(`${"x".repeat(59)}_old`);
  expect(Buffer.byteLength(name)).toBe(63);
});

describeWithDatabase("names as the server stores them", () => {
  const db = useDatabase("retort_names");

  test.for(names)("storedName(%s) is the name PostgreSQL keeps", async (name) => {
    const [row] = await query<{ stored: string }>(db().url, "SELECT $1::name::text AS stored", [name]);
    expect(storedName(name)).toBe(row!.stored);
  });

  test.for(serials)("a serial on %s.%s: derivedName gives its sequence's name", async ([table, column]) => {
    const client = new pg.Client({ connectionString: db().url });
    await client.connect();
    try {
      await client.query(`CREATE TEMP TABLE ${quoteIdent(table)} (${quoteIdent(column)} serial)`);
      const { rows } = await client.query<{ sequence: string }>(
        `SELECT s.relname::text AS sequence FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
          WHERE d.refobjid = $1::regclass AND s.relkind = 'S' AND d.deptype = 'a'`,
        [`pg_temp.${quoteIdent(storedName(table))}`],
      );
      expect(rows.map((r) => r.sequence)).toEqual([
        derivedName(storedName(table), storedName(column), "seq"),
      ]);
    } finally {
      await client.end();
    }
  });
});
