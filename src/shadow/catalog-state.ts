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
import type pg from "pg";

/** `table public.users` → `column name` → `type` → `character varying(50)`. */
export type CatalogRows = ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;

export interface CatalogState {
  readonly rows: CatalogRows;
  /** Each table's column names in the table's order (attnum), for ./column-order.ts. */
  readonly tables: readonly { schema: string; name: string; columns: readonly { name: string }[] }[];
}

interface Row {
  owner: string;
  item: string;
  fields: Record<string, string>;
  schema: string | null;
  relation: string | null;
  position: number;
}

// One row per object part: a relation's owner label is `<kind> <schema>.<name>`, as the IR's
// differences name objects; `fields` is a JSON object of the part's fields (nulls stripped).
const CATALOG_ROWS_SQL = `
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
   WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
), rel AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' WHEN 'S' THEN 'sequence' ELSE 'table' END
           || ' ' || n.nspname || '.' || c.relname AS owner
    FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
     AND NOT (n.nspname || '.' || c.relname = ANY($1::text[]))
)
SELECT 'schema ' || nspname AS owner, '' AS item, '{}'::json AS fields,
       NULL::text AS schema, NULL::text AS relation, 0 AS position
  FROM ns
UNION ALL
SELECT 'extension ' || e.extname, '', json_build_object('schema', n.nspname), NULL, NULL, 0
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'
UNION ALL
SELECT 'enum ' || n.nspname || '.' || t.typname, '',
       json_build_object('values', string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)),
       NULL, NULL, 0
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
 GROUP BY n.nspname, t.typname
UNION ALL
SELECT r.owner, '', json_strip_nulls(json_build_object(
         'dataType', format_type(s.seqtypid, NULL), 'start', s.seqstart::text,
         'increment', s.seqincrement::text, 'minValue', s.seqmin::text, 'maxValue', s.seqmax::text,
         'cache', s.seqcache::text, 'cycle', s.seqcycle::text, 'ownedBy', owned.name)), NULL, NULL, 0
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
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
         'comment', ds.description)), NULL, NULL, 0
  FROM rel r
  LEFT JOIN pg_description ds ON ds.objoid = r.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
 WHERE r.relkind <> 'S'
UNION ALL
SELECT r.owner, 'column ' || a.attname, json_strip_nulls(json_build_object(
         'type', format_type(a.atttypid, a.atttypmod),
         'nullable', (NOT a.attnotnull)::text,
         'default', pg_get_expr(d.adbin, d.adrelid),
         'identity', nullif(a.attidentity::text, ''),
         'generated', nullif(a.attgenerated::text, ''),
         'collation', CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
         'comment', ds.description)),
       r.nspname, r.relname, a.attnum
  FROM rel r
  JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = r.oid AND d.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_description ds
         ON ds.objoid = r.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
 WHERE r.relkind IN ('r', 'p')
UNION ALL
SELECT r.owner,
       CASE con.contype WHEN 'p' THEN 'primaryKey ' WHEN 'u' THEN 'unique ' WHEN 'f' THEN 'foreignKey '
                        WHEN 'c' THEN 'check ' WHEN 'x' THEN 'exclusion ' ELSE 'constraint ' END || con.conname,
       json_build_object('definition', pg_get_constraintdef(con.oid)), NULL, NULL, 0
  FROM rel r JOIN pg_constraint con ON con.conrelid = r.oid
UNION ALL
SELECT r.owner, 'index ' || ic.relname, json_strip_nulls(json_build_object(
         'definition', pg_get_indexdef(i.indexrelid), 'comment', ds.description)), NULL, NULL, 0
  FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
  LEFT JOIN pg_description ds ON ds.objoid = i.indexrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0`;

/** The catalog's state, retort's own tables (`schema.table`) left out. */
export async function readCatalogState(
  client: pg.ClientBase,
  excludeTables: readonly string[] = [],
): Promise<CatalogState> {
  const { rows } = await client.query<Row>(CATALOG_ROWS_SQL, [excludeTables]);
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
  return { rows: owners, tables: [...tables.values()] };
}

function entryOf<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
