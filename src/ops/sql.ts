/**
 * The SQL renderer: one function per operation kind, each returning the statements that apply it.
 * It makes no decisions (the differ did); it only spells operations in PostgreSQL's DDL.
 */
import type { Column, PrimaryKey, Table } from "../schema/ir.js";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote.js";
import type { Operation, OperationVisitor } from "./operations.js";
import { visit } from "./operations.js";

const SERIAL_TYPES: Record<string, string> = {
  integer: "serial",
  bigint: "bigserial",
  smallint: "smallserial",
};

/** A column as it appears inside CREATE TABLE or ADD COLUMN. */
export function columnDefinition(column: Column): string {
  const type = column.serial ? (SERIAL_TYPES[column.type] ?? column.type) : column.type;
  const parts = [quoteIdent(column.name), type];
  if (column.collation) parts.push(`COLLATE ${quoteIdent(column.collation)}`);
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.identity) parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  return parts.join(" ");
}

function primaryKeyClause(pk: PrimaryKey): string {
  return `CONSTRAINT ${quoteIdent(pk.name)} PRIMARY KEY (${pk.columns.map(quoteIdent).join(", ")})`;
}

function tableName(schema: string, name: string): string {
  return quoteQualified(schema, name);
}

function createTable(table: Table): string[] {
  const lines = table.columns.map(columnDefinition);
  if (table.primaryKey) lines.push(primaryKeyClause(table.primaryKey));
  const statements = [`CREATE TABLE ${tableName(table.schema, table.name)} (${lines.join(", ")})`];
  if (table.comment !== undefined) {
    statements.push(
      `COMMENT ON TABLE ${tableName(table.schema, table.name)} IS ${quoteLiteral(table.comment)}`,
    );
  }
  for (const column of table.columns) {
    if (column.comment !== undefined)
      statements.push(columnComment(table.schema, table.name, column.name, column.comment));
  }
  return statements;
}

function columnComment(schema: string, table: string, column: string, comment: string | null): string {
  const text = comment === null ? "NULL" : quoteLiteral(comment);
  return `COMMENT ON COLUMN ${tableName(schema, table)}.${quoteIdent(column)} IS ${text}`;
}

const renderers: OperationVisitor<string[]> = {
  createExtension: (op) => [
    `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(op.extension.name)}` +
      (op.extension.schema ? ` SCHEMA ${quoteIdent(op.extension.schema)}` : ""),
  ],
  dropExtension: (op) => [`DROP EXTENSION IF EXISTS ${quoteIdent(op.extension.name)}`],
  createSchema: (op) => [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(op.schema)}`],
  dropSchema: (op) => [`DROP SCHEMA ${quoteIdent(op.schema)}`],
  createTable: (op) => createTable(op.table),
  dropTable: (op) => [`DROP TABLE ${tableName(op.table.schema, op.table.name)}`],
  addColumn: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} ADD COLUMN ${columnDefinition(op.column)}`,
    ...(op.column.comment !== undefined
      ? [columnComment(op.schema, op.table, op.column.name, op.column.comment)]
      : []),
  ],
  dropColumn: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP COLUMN ${quoteIdent(op.column.name)}`,
  ],
  alterColumn: (op) => {
    // One ALTER TABLE with several actions, applied in order in one pass. A default is dropped before
    // a type change and set after it (the differ repeats the default in `modify` for that reason), since
    // the old default may not cast to the new type.
    const column = quoteIdent(op.column);
    const { type, nullable, default: nextDefault } = op.modify;
    const actions: string[] = [];
    if (nextDefault !== undefined) actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
    if (type !== undefined)
      actions.push(`ALTER COLUMN ${column} TYPE ${type}${op.using ? ` USING ${op.using}` : ""}`);
    if (typeof nextDefault === "string") actions.push(`ALTER COLUMN ${column} SET DEFAULT ${nextDefault}`);
    if (nullable !== undefined) actions.push(`ALTER COLUMN ${column} ${nullable ? "DROP" : "SET"} NOT NULL`);
    const statements = actions.length
      ? [`ALTER TABLE ${tableName(op.schema, op.table)} ${actions.join(", ")}`]
      : [];
    if (op.modify.comment !== undefined)
      statements.push(columnComment(op.schema, op.table, op.column, op.modify.comment));
    return statements;
  },
  addPrimaryKey: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} ADD ${primaryKeyClause(op.primaryKey)}`,
  ],
  dropPrimaryKey: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.primaryKey.name)}`,
  ],
  execute: (op) => [op.sql],
};

export function toSql(op: Operation): string[] {
  return visit(renderers, op);
}
