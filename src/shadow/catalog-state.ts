/**
 * What a round trip compares before an upgrade and after its downgrade, read in one statement: every
 * schema a migration may have created (all but the system ones), each object broken into fields, one
 * row per field. The full introspection (../introspect) costs eight catalog queries a snapshot, and a
 * round trip over n revisions takes 2n snapshots: on the embedded database that was most of
 * `check --shadow`'s time. The rows cover what the IR holds (columns with type, nullability, default,
 * identity, generated expression, collation and comment; every constraint and index by its definition;
 * views, sequences, enums, extensions, schemas), so equal rows mean an equal schema, and where they
 * differ the differing rows say how (./catalog-differences.ts).
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import { isCoveredRelation, isUserSchema } from "./catalog-scope.js";

/** `table public.users` → `column name` → `type` → `character varying(50)`. */
export type CatalogRows = ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;

export interface CatalogState {
  readonly rows: CatalogRows;
  /** Each table's column names in the table's order (attnum), for ./column-order.ts. */
  readonly tables: readonly { schema: string; name: string; columns: readonly { name: string }[] }[];
}

/** One row of a reading: one object part. */
export interface CatalogRow {
  owner: string;
  item: string;
  fields: Record<string, string>;
  schema: string | null;
  relation: string | null;
  position: number;
  /** The relation (oid) the part belongs to; null for schemas, extensions and enums. */
  relid: number | null;
}

// The comment on a relation (subid 0) or one of its columns.
const description = (objoid: string, objsubid: string) =>
  `(SELECT description FROM pg_description
     WHERE objoid = ${objoid} AND classoid = 'pg_class'::regclass AND objsubid = ${objsubid})`;

// Each relation's parts are looked up by index (lateral subqueries, scalar subqueries): a reading of a
// few relations then touches only their catalog rows, not whole catalogs joined by hash.
// One row per object part: a relation's owner label is `<kind> <schema>.<name>`, as the IR's
// differences name objects; `fields` is a JSON object of the part's fields (nulls stripped).
const catalogRowsSql = (excludeTables: readonly string[]) => `
WITH wanted AS (SELECT ${SELECTED_RELATIONS} AS oids
), ${catalogRowsCtes(excludeTables)}
${catalogRowsSelect(UNOWNED_SELECTED)}`;

/**
 * The CTEs a reading's rows come from, after a CTE `wanted` with one column `oids`: the relations to
 * read (an oid[]), or null for all of them. (./catalog-fingerprint.ts reads the relations a transaction
 * locked with the same statement's other parts.)
 */
export const catalogRowsCtes = (excludeTables: readonly string[]) => `ns AS (
  SELECT oid, nspname FROM pg_namespace
   WHERE ${isUserSchema("nspname")}
), rel AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' WHEN 'S' THEN 'sequence' ELSE 'table' END
           || ' ' || n.nspname || '.' || c.relname AS owner
    FROM (
      -- The chosen relations by index, or all of them: one branch runs, the other's condition is false.
      SELECT oid, relname, relkind, relnamespace FROM pg_class WHERE oid = ANY((SELECT oids FROM wanted)::oid[])
      UNION ALL
      SELECT oid, relname, relkind, relnamespace FROM pg_class WHERE (SELECT oids FROM wanted) IS NULL
    ) c JOIN ns n ON n.oid = c.relnamespace
   WHERE ${isCoveredRelation("c.relkind", "n.nspname", "c.relname", excludeTables)}
  OFFSET 0
)`;

/** The rows, after `catalogRowsCtes`; the schemas, extensions and enums where `unowned` (SQL) holds. */
export const catalogRowsSelect = (unowned: string) => `
SELECT 'schema ' || nspname AS owner, '' AS item, '{}'::json AS fields,
       NULL::text AS schema, NULL::text AS relation, 0 AS position, NULL::oid AS relid
  FROM ns WHERE ${unowned}
UNION ALL
SELECT 'extension ' || e.extname, '', json_build_object('schema', n.nspname), NULL, NULL, 0, NULL
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname <> 'plpgsql' AND ${unowned}
UNION ALL
SELECT 'enum ' || n.nspname || '.' || t.typname, '',
       json_build_object('values', string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)),
       NULL, NULL, 0, NULL
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
 WHERE ${unowned}
 GROUP BY n.nspname, t.typname
UNION ALL
SELECT r.owner, '', json_strip_nulls(json_build_object(
         'dataType', format_type(s.seqtypid, NULL), 'start', s.seqstart::text,
         'increment', s.seqincrement::text, 'minValue', s.seqmin::text, 'maxValue', s.seqmax::text,
         'cache', s.seqcache::text, 'cycle', s.seqcycle::text, 'ownedBy', owned.name)), NULL, NULL, 0, r.oid
  FROM rel r
  CROSS JOIN LATERAL (SELECT * FROM pg_sequence WHERE seqrelid = r.oid OFFSET 0) s
  LEFT JOIN LATERAL (
    SELECT dc.relname || '.' || da.attname AS name FROM pg_depend dp
      JOIN pg_class dc ON dc.oid = dp.refobjid
      JOIN pg_attribute da ON da.attrelid = dp.refobjid AND da.attnum = dp.refobjsubid
     WHERE dp.classid = 'pg_class'::regclass AND dp.objid = r.oid AND dp.deptype IN ('a', 'i') LIMIT 1
  ) owned ON true
UNION ALL
SELECT r.owner, '', json_strip_nulls(json_build_object(
         'definition', CASE WHEN r.relkind IN ('v', 'm') THEN pg_get_viewdef(r.oid) END,
         'materialized', CASE WHEN r.relkind IN ('v', 'm') THEN (r.relkind = 'm')::text END,
         'comment', ${description("r.oid", "0")})), NULL, NULL, 0, r.oid
  FROM rel r
 WHERE r.relkind <> 'S'
UNION ALL
SELECT r.owner, 'column ' || a.attname, json_strip_nulls(json_build_object(
         'type', format_type(a.atttypid, a.atttypmod),
         'nullable', (NOT a.attnotnull)::text,
         'default', (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
                      WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum),
         'identity', nullif(a.attidentity::text, ''),
         'generated', nullif(a.attgenerated::text, ''),
         'collation', CASE WHEN a.attcollation <> (SELECT typcollation FROM pg_type WHERE oid = a.atttypid)
                           THEN (SELECT collname FROM pg_collation WHERE oid = a.attcollation) END,
         'comment', ${description("r.oid", "a.attnum")})),
       r.nspname, r.relname, a.attnum, r.oid
  FROM rel r
  CROSS JOIN LATERAL (
    SELECT attrelid, attnum, attname, atttypid, atttypmod, attnotnull, attidentity, attgenerated, attcollation
      FROM pg_attribute WHERE attrelid = r.oid AND attnum > 0 AND NOT attisdropped OFFSET 0
  ) a
 WHERE r.relkind IN ('r', 'p')
UNION ALL
SELECT r.owner,
       CASE con.contype WHEN 'p' THEN 'primaryKey ' WHEN 'u' THEN 'unique ' WHEN 'f' THEN 'foreignKey '
                        WHEN 'c' THEN 'check ' WHEN 'x' THEN 'exclusion ' ELSE 'constraint ' END || con.conname,
       json_build_object('definition', pg_get_constraintdef(con.oid)), NULL, NULL, 0, r.oid
  FROM rel r
  -- Not PostgreSQL 18's NOT NULL constraints (contype 'n'): a column's nullability is its own field,
  -- and such a constraint's name is PostgreSQL's choice, not the model's.
  CROSS JOIN LATERAL (
    SELECT oid, contype, conname FROM pg_constraint WHERE conrelid = r.oid AND contype <> 'n' OFFSET 0
  ) con
UNION ALL
SELECT r.owner, 'index ' || i.relname, json_strip_nulls(json_build_object(
         'definition', pg_get_indexdef(i.indexrelid), 'comment', ${description("i.indexrelid", "0")})),
       NULL, NULL, 0, r.oid
  FROM rel r
  CROSS JOIN LATERAL (
    SELECT ix.indexrelid, (SELECT relname FROM pg_class WHERE oid = ix.indexrelid) AS relname
      FROM pg_index ix WHERE ix.indrelid = r.oid OFFSET 0
  ) i`;

/** The catalog's state, retort's own tables (`schema.table`) left out. */
export async function readCatalogState(
  client: pg.ClientBase,
  excludeTables: readonly string[] = [],
): Promise<CatalogState> {
  await selectRelations(client, null);
  return catalogStateOf(await readCatalogRows(client, excludeTables));
}

/**
 * What the next readings read: the relations (oids) in `relations`, all of them when null, and the
 * schemas, extensions and enums unless `unowned` is false. Session settings rather than parameters:
 * the readings are prepared statements that a round trip runs 2n times, and planning one is most of a
 * small reading's cost on the embedded database; PostgreSQL plans a statement without parameters
 * once, while one with parameters it may plan again at every run.
 */
export async function selectRelations(
  client: pg.ClientBase,
  relations: readonly number[] | null,
  unowned = true,
): Promise<void> {
  await client.query(
    "SELECT set_config('retort.catalog_relations', $1, false), set_config('retort.catalog_unowned', $2, false)",
    [relations === null ? "" : `{${relations.join(",")}}`, unowned ? "on" : "off"],
  );
}

/** The relations `selectRelations` chose, as an expression (an oid[], null for all). */
export const SELECTED_RELATIONS = "NULLIF(current_setting('retort.catalog_relations', true), '')::oid[]";

/** Whether `selectRelations` chose the schemas, extensions and enums, as a condition. */
const UNOWNED_SELECTED = "current_setting('retort.catalog_unowned', true) IS DISTINCT FROM 'off'";

/** The rows of a reading, what `selectRelations` chose (./incremental-catalog.ts reads some). */
export async function readCatalogRows(
  client: pg.ClientBase,
  excludeTables: readonly string[],
): Promise<CatalogRow[]> {
  const text = catalogRowsSql(excludeTables);
  const name = `retort_catalog_rows_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
  const { rows } = await client.query<CatalogRow>({ name, text });
  for (const row of rows) if (row.relid !== null) row.relid = Number(row.relid);
  return rows;
}

/** The state the rows of a reading make, in the order the reading returned them. */
export function catalogStateOf(rows: readonly CatalogRow[]): CatalogState {
  const owners = new Map<string, Map<string, Map<string, string>>>();
  const tables = new Map<string, { schema: string; name: string; columns: { name: string }[] }>();
  for (const row of rows) {
    const items = entryOf(owners, row.owner, () => new Map<string, Map<string, string>>());
    items.set(row.item, new Map(Object.entries(row.fields)));
  }
  // Columns in their table's order (attnum).
  const columns = rows.filter((row) => row.schema !== null).sort((a, b) => a.position - b.position);
  for (const { owner, schema, relation, item } of columns) {
    const table = entryOf(tables, owner, () => ({ schema: schema!, name: relation!, columns: [] }));
    table.columns.push({ name: item.slice("column ".length) });
  }
  // In name order: the order rows come in differs between a full and an incremental reading.
  return { rows: owners, tables: [...tables.values()].sort(byName) };
}

/**
 * One state of several made from disjoint rows (the relations an incremental reading kept, one part
 * each): what `catalogStateOf` of all their rows would be, without building each part again.
 */
export function mergedCatalogState(parts: readonly CatalogState[]): CatalogState {
  const rows = new Map<string, ReadonlyMap<string, ReadonlyMap<string, string>>>();
  for (const part of parts) for (const [owner, items] of part.rows) rows.set(owner, items);
  const tables = parts.flatMap((part) => part.tables).sort(byName);
  return { rows, tables };
}

/**
 * `previous` (a merged state) with the parts `removed` taken out and `added` put in: what
 * `mergedCatalogState` of the parts now would be, at the cost of the parts that changed (and a copy).
 */
export function updatedCatalogState(
  previous: CatalogState,
  removed: readonly CatalogState[],
  added: readonly CatalogState[],
): CatalogState {
  if (removed.length === 0 && added.length === 0) return previous;
  const rows = new Map(previous.rows);
  const gone = new Set<CatalogState["tables"][number]>();
  for (const part of removed) {
    for (const owner of part.rows.keys()) rows.delete(owner);
    for (const table of part.tables) gone.add(table);
  }
  for (const part of added) for (const [owner, items] of part.rows) rows.set(owner, items);
  const tables = [
    ...previous.tables.filter((table) => !gone.has(table)),
    ...added.flatMap((part) => part.tables),
  ];
  return { rows, tables: tables.sort(byName) };
}

function byName(a: { schema: string; name: string }, b: { schema: string; name: string }): number {
  return a.schema === b.schema ? compare(a.name, b.name) : compare(a.schema, b.schema);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entryOf<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
