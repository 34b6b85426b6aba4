import type { Column, IdentityKind } from "../schema/ir.js";
import { type CatalogQuery, columnsOf } from "./catalog-query.js";
import { managedTable } from "./filters.js";

/** A table as read from pg_class and pg_attribute, before its constraints and indexes are attached. */
export interface TableShell {
  /** pg_class oid, as text: the key constraints and indexes are attached by. */
  readonly oid: string;
  readonly schema: string;
  readonly name: string;
  readonly columns: Column[];
  readonly comment?: string;
}

interface Row {
  oid: string;
  schema: string;
  name: string;
  table_comment: string | null;
  column_name: string | null;
  position: number | null;
  type: string;
  not_null: boolean;
  default: string | null;
  identity: string;
  generated: string;
  serial: boolean;
  sequence_name: string | null;
  sequence_type: string | null;
  collation: string | null;
  comment: string | null;
}

const tableColumns = columnsOf<Row>({
  oid: true,
  schema: true,
  name: true,
  table_comment: true,
  column_name: true,
  position: true,
  type: true,
  not_null: true,
  default: true,
  identity: true,
  generated: true,
  serial: true,
  sequence_name: true,
  sequence_type: true,
  collation: true,
  comment: true,
});

const identityKinds: Record<string, IdentityKind> = { a: "always", d: "by default" };

/**
 * Tables and their columns in one query: one row per column, plus one row with no column for a table
 * that has none, so that a column-less table is still reported.
 */
export function tablesQuery(schemas: string): CatalogQuery<TableShell[]> {
  return { sql: tablesSql(schemas), columns: tableColumns, read: tablesOf };
}

function tablesSql(schemas: string): string {
  // Set-based throughout: the sequences columns own are one hashed scan of pg_depend (a lateral
  // lookup per column was a third of this query at a thousand tables), and rows come unsorted (a sort
  // of every column row spilled to disk there): columns are put in attnum order below.
  return `SELECT c.oid::text AS oid, n.nspname::text AS schema, c.relname::text AS name,
            td.description AS table_comment,
            a.attname::text AS column_name,
            a.attnum AS position,
            format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null,
            -- Only a generated column's expression can name columns: a default cannot. Without a
            -- relation, pg_get_expr need not open (and lock) each table to print its defaults.
            pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END) AS default,
            a.attidentity::text AS identity,
            a.attgenerated::text AS generated,
            -- serial: the default is nextval() of the very sequence this column owns, printed the way
            -- pg_get_expr prints a regclass under the current search_path.
            CASE WHEN owned.seq IS NULL OR ad.adbin IS NULL THEN false
                 ELSE pg_get_expr(ad.adbin, 0) = format('nextval(%L::regclass)', owned.seq::regclass::text)
            END AS serial,
            -- The sequence a serial (deptype 'a') or identity ('i') column owns: its name and type are
            -- what synchronize() derives from the table, column and type, and a rename leaves behind.
            owned.seq_name AS sequence_name, owned.seq_type AS sequence_type,
            CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN coll.collname::text END AS collation,
            cd.description AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_type ty ON ty.oid = a.atttypid
       LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
       LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
       -- obj_description()/col_description(), joined: as functions they run one lookup per row,
       -- which at a thousand tables was a third of this query's time.
       LEFT JOIN pg_description td
              ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0
       LEFT JOIN pg_description cd
              ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
       LEFT JOIN (
              SELECT DISTINCT ON (d.refobjid, d.refobjsubid) d.refobjid, d.refobjsubid, d.objid AS seq,
                     s.relname::text AS seq_name, format_type(ps.seqtypid, NULL) AS seq_type
                FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                JOIN pg_sequence ps ON ps.seqrelid = s.oid
               WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                 AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0) owned
              ON owned.refobjid = c.oid AND owned.refobjsubid = a.attnum
      WHERE n.nspname = ANY(${schemas}) AND ${managedTable("c")}`;
}

function tablesOf(read: readonly Row[]): TableShell[] {
  const rows = [...read];
  rows.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const tables = new Map<string, TableShell>();
  for (const row of rows) {
    let shell = tables.get(row.oid);
    if (!shell) {
      shell = {
        oid: row.oid,
        schema: row.schema,
        name: row.name,
        columns: [],
        ...(row.table_comment !== null ? { comment: row.table_comment } : {}),
      };
      tables.set(row.oid, shell);
    }
    if (row.column_name !== null) shell.columns.push(toColumn(row, row.column_name));
  }
  return [...tables.values()];
}

function toColumn(row: Row, name: string): Column {
  const identity = identityKinds[row.identity];
  // PostgreSQL 18's virtual generated columns ('v') are reported like stored ones: the IR has no way to
  // tell them apart, and calling their expression a default would be wrong.
  const generated = row.generated !== "" ? (row.default ?? undefined) : undefined;
  const serial = !identity && generated === undefined && row.serial;
  const defaultExpression =
    identity || generated !== undefined || serial ? undefined : (row.default ?? undefined);
  const sequence =
    (identity || serial) && row.sequence_name !== null && row.sequence_type !== null
      ? { name: row.sequence_name, dataType: row.sequence_type }
      : undefined;
  return {
    kind: "column",
    name,
    type: row.type,
    nullable: !row.not_null,
    ...(defaultExpression !== undefined ? { default: defaultExpression } : {}),
    ...(identity ? { identity } : {}),
    ...(serial ? { serial: true } : {}),
    ...(sequence ? { sequence } : {}),
    ...(generated !== undefined ? { generated } : {}),
    ...(row.collation !== null ? { collation: row.collation } : {}),
    ...(row.comment !== null ? { comment: row.comment } : {}),
  };
}
