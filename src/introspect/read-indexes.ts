import type { Index, IndexElement } from "../schema/ir.js";
import { type CatalogQuery, columnsOf } from "./catalog-query.js";
import { indexedRelation } from "./filters.js";

export interface IndexOfTable {
  /** pg_class oid of the indexed table or materialized view, as text. */
  readonly tableOid: string;
  readonly index: Index;
}

/** One row per index column: key columns first (position <= key_count), then INCLUDE columns. */
interface Row {
  table_oid: string;
  index_oid: string;
  name: string;
  is_unique: boolean;
  method: string;
  predicate: string | null;
  nulls_not_distinct: boolean;
  position: number;
  key_count: number;
  column_name: string | null;
  expression: string | null;
  options: number;
  opclass: string | null;
  collation: string | null;
}

const indexColumns = columnsOf<Row>({
  table_oid: true,
  index_oid: true,
  name: true,
  is_unique: true,
  method: true,
  predicate: true,
  nulls_not_distinct: true,
  position: true,
  key_count: true,
  column_name: true,
  expression: true,
  options: true,
  opclass: true,
  collation: true,
});

const DESC = 1;
const NULLS_FIRST = 2;

/**
 * Indexes that do not back a primary key, unique or exclusion constraint (those are reported as the
 * constraint itself). Foreign keys are not in the list on purpose: their conindid is the referenced
 * table's index, which may well be a plain unique index of its own.
 */
export function indexesQuery(schemas: string, serverVersion: number): CatalogQuery<IndexOfTable[]> {
  return { sql: indexesSql(schemas, serverVersion), columns: indexColumns, read: indexesOf };
}

function indexesSql(schemas: string, serverVersion: number): string {
  const nullsNotDistinct = serverVersion >= 150000 ? "i.indnullsnotdistinct" : "false";
  // The type whose default operator class decides whether the opclass is worth printing: the table
  // column's type, or for an expression the index attribute's type (the expression's, unless the
  // opclass stores another key type, which the opckeytype test below accepts).
  const keyType = "COALESCE(ta.atttypid, ia.atttypid)";
  return `SELECT i.indrelid::text AS table_oid, i.indexrelid::text AS index_oid, ic.relname::text AS name,
            i.indisunique AS is_unique, am.amname::text AS method,
            pg_get_expr(i.indpred, i.indrelid) AS predicate,
            ${nullsNotDistinct} AS nulls_not_distinct,
            k.n AS position, i.indnkeyatts::int AS key_count,
            ta.attname::text AS column_name,
            CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n, true) END AS expression,
            COALESCE(i.indoption[k.n - 1], 0)::int AS options,
            CASE WHEN NOT (opc.opcdefault
                           AND (opc.opcintype = ${keyType} OR opc.opckeytype = ${keyType}
                                OR NOT EXISTS (SELECT 1 FROM pg_opclass dflt
                                                WHERE dflt.opcmethod = opc.opcmethod AND dflt.opcdefault
                                                  AND dflt.opcintype = ${keyType})))
                 THEN opc.opcname::text END AS opclass,
            -- Like pg_get_indexdef: a collation is worth printing only when it is not the one the key
            -- has anyway (the column's own; for an expression, its type's or the database default, whose
            -- oid is always 100: regcollation, which could name it, is PostgreSQL 13+).
            CASE WHEN coll.oid IS NULL THEN NULL
                 WHEN ta.attnum IS NOT NULL AND coll.oid <> ta.attcollation THEN coll.collname::text
                 WHEN ta.attnum IS NULL AND coll.oid <> ity.typcollation
                      AND coll.oid <> 100 THEN coll.collname::text
            END AS collation
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_am am ON am.oid = ic.relam
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL generate_series(1, i.indnatts::int) AS k(n)
       JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n
       LEFT JOIN pg_type ity ON ity.oid = ia.atttypid
       LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k.n - 1] AND ta.attnum > 0
       LEFT JOIN pg_opclass opc ON k.n <= i.indnkeyatts AND opc.oid = i.indclass[k.n - 1]
       LEFT JOIN pg_collation coll ON k.n <= i.indnkeyatts AND coll.oid = i.indcollation[k.n - 1]
      WHERE n.nspname = ANY(${schemas}) AND ${indexedRelation("c")}
        AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                         WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
`;
}

function indexesOf(rows: readonly Row[]): IndexOfTable[] {
  const indexes = new Map<
    string,
    { tableOid: string; row: Row; elements: IndexElement[]; include: string[] }
  >();
  // An index's rows in key order, each index's together (the rows come in no particular order).
  const ordered = [...rows].sort((a, b) =>
    a.index_oid === b.index_oid ? a.position - b.position : a.index_oid < b.index_oid ? -1 : 1,
  );
  for (const row of ordered) {
    let entry = indexes.get(row.index_oid);
    if (!entry) {
      entry = { tableOid: row.table_oid, row, elements: [], include: [] };
      indexes.set(row.index_oid, entry);
    }
    if (row.position > row.key_count) entry.include.push(row.column_name!);
    else entry.elements.push(toElement(row));
  }
  return [...indexes.values()].map(({ tableOid, row, elements, include }) => ({
    tableOid,
    index: {
      kind: "index",
      name: row.name,
      unique: row.is_unique,
      method: row.method,
      elements,
      include,
      ...(row.predicate !== null ? { where: row.predicate } : {}),
      nullsNotDistinct: row.nulls_not_distinct,
    },
  }));
}

function toElement(row: Row): IndexElement {
  const descending = (row.options & DESC) !== 0;
  const nullsFirst = (row.options & NULLS_FIRST) !== 0;
  // NULLS LAST is the default for ASC and NULLS FIRST for DESC; only a departure is information.
  const unusualNulls = nullsFirst !== descending;
  return {
    value: row.column_name ?? row.expression!,
    expression: row.column_name === null,
    descending,
    ...(unusualNulls ? { nullsFirst } : {}),
    ...(row.opclass !== null ? { opclass: row.opclass } : {}),
    ...(row.collation !== null ? { collation: row.collation } : {}),
  };
}
