import type {
  CheckConstraint,
  Deferrable,
  ExclusionConstraint,
  ForeignKey,
  PrimaryKey,
  ReferentialAction,
  UniqueConstraint,
} from "../schema/ir.js";
import { type CatalogQuery, columnsOf } from "./catalog-query.js";
import { managedTable } from "./filters.js";

export type TableConstraint =
  | PrimaryKey
  | UniqueConstraint
  | ForeignKey
  | CheckConstraint
  | ExclusionConstraint;

export interface ConstraintOfTable {
  /** pg_class oid of the constrained table, as text. */
  readonly tableOid: string;
  readonly constraint: TableConstraint;
}

interface Row {
  table_oid: string;
  name: string;
  type: "p" | "u" | "f" | "c" | "x";
  columns: string[];
  referenced_schema: string | null;
  referenced_table: string | null;
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
  deferrable: boolean;
  deferred: boolean;
  definition: string | null;
  nulls_not_distinct: boolean;
}

const constraintColumns = columnsOf<Row>({
  table_oid: true,
  name: true,
  type: true,
  columns: true,
  referenced_schema: true,
  referenced_table: true,
  referenced_columns: true,
  on_delete: true,
  on_update: true,
  deferrable: true,
  deferred: true,
  definition: true,
  nulls_not_distinct: true,
});

const actions: Record<string, ReferentialAction> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/**
 * Primary keys, uniques, foreign keys, checks and exclusions of every managed table in one query.
 * PostgreSQL 18's NOT NULL constraints (contype 'n') are left out: nullability is a column property.
 */
export function constraintsQuery(schemas: string, serverVersion: number): CatalogQuery<ConstraintOfTable[]> {
  return {
    sql: constraintsSql(schemas, serverVersion),
    columns: constraintColumns,
    read: (rows: readonly Row[]) =>
      rows.map((row) => ({ tableOid: row.table_oid, constraint: toConstraint(row) })),
  };
}

function constraintsSql(schemas: string, serverVersion: number): string {
  const nullsNotDistinct = serverVersion >= 150000 ? "COALESCE(i.indnullsnotdistinct, false)" : "false";
  return `SELECT con.conrelid::text AS table_oid, con.conname::text AS name, con.contype::text AS type,
            -- Each name by its (attrelid, attnum) key: joined, the planner hashed every column of
            -- the table for each constraint.
            ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a
                           WHERE a.attrelid = con.conrelid AND a.attnum = k.attnum)
                    FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                   ORDER BY k.ord) AS columns,
            rn.nspname::text AS referenced_schema, rc.relname::text AS referenced_table,
            ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a
                           WHERE a.attrelid = con.confrelid AND a.attnum = k.attnum)
                    FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                   ORDER BY k.ord) AS referenced_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
            con.condeferrable AS deferrable, con.condeferred AS deferred,
            -- Only checks and exclusions are read from their definition; printing every key's cost
            -- as much as the rest of this query.
            CASE WHEN con.contype IN ('c', 'x') THEN pg_get_constraintdef(con.oid) END AS definition,
            ${nullsNotDistinct} AS nulls_not_distinct
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
       LEFT JOIN pg_index i ON con.contype = 'u' AND i.indexrelid = con.conindid
      WHERE n.nspname = ANY(${schemas}) AND ${managedTable("c")}
        AND con.contype IN ('p', 'u', 'f', 'c', 'x')
        -- A foreign key to a partitioned table gets one hidden child constraint per partition.
        AND con.conparentid = 0`;
}

function toConstraint(row: Row): TableConstraint {
  switch (row.type) {
    case "p":
      return { kind: "primaryKey", name: row.name, columns: row.columns };
    case "u":
      return {
        kind: "unique",
        name: row.name,
        columns: row.columns,
        nullsNotDistinct: row.nulls_not_distinct,
        deferrable: deferrable(row),
      };
    case "f":
      return {
        kind: "foreignKey",
        name: row.name,
        columns: row.columns,
        referencedSchema: row.referenced_schema!,
        referencedTable: row.referenced_table!,
        referencedColumns: row.referenced_columns,
        onDelete: action(row.on_delete),
        onUpdate: action(row.on_update),
        deferrable: deferrable(row),
      };
    case "c":
      return { kind: "check", name: row.name, expression: checkExpression(row.definition!) };
    case "x":
      return { kind: "exclusion", name: row.name, definition: row.definition! };
  }
}

/** `CHECK ((age > 0)) NOT VALID` → `((age > 0))`: validation state is not part of the schema's shape. */
function checkExpression(definition: string): string {
  let expression = definition.startsWith("CHECK ") ? definition.slice("CHECK ".length) : definition;
  if (expression.endsWith(" NOT VALID")) expression = expression.slice(0, -" NOT VALID".length);
  return expression;
}

function action(code: string): ReferentialAction {
  const mapped = actions[code];
  if (!mapped) throw new Error(`unknown referential action code '${code}' in pg_constraint`);
  return mapped;
}

function deferrable(row: Row): Deferrable {
  if (!row.deferrable) return "not deferrable";
  return row.deferred ? "initially deferred" : "initially immediate";
}
