/**
 * Each operation as a reviewer reads it in a summary: what it touches (`targetOf`, the table or the
 * schema-level object) and one short line of what it does (`describe`). Used by the autogenerate
 * summary, `check --json` and the library API; like the renderers, a table over every kind, so a new
 * kind without its line fails to compile.
 */
import { type Operation, type OperationVisitor, visit } from "./operations.js";

const columnText = (column: { name: string; type: string; nullable: boolean }) =>
  `${column.name} ${column.type}${column.nullable ? "" : " NOT NULL"}`;
const list = (names: readonly string[]) => names.join(", ");
const qualified = (schema: string | undefined, name: string) =>
  schema === undefined || schema === "public" ? name : `${schema}.${name}`;

const describers: OperationVisitor<string> = {
  createExtension: (op) => `create extension ${op.extension.name}`,
  dropExtension: (op) => `drop extension ${op.extension.name}`,
  createSchema: (op) => `create schema ${op.schema}`,
  dropSchema: (op) => `drop schema ${op.schema}`,
  createTable: (op) => `create table (${op.table.columns.length} columns)`,
  dropTable: () => "drop table",
  addColumn: (op) => `add column ${columnText(op.column)}`,
  dropColumn: (op) => `drop column ${op.column.name}`,
  alterColumn: (op) => {
    const changes = Object.entries(op.modify).map(([field, value]) =>
      field === "nullable"
        ? value
          ? "nullable"
          : "NOT NULL"
        : `${field} ${value === null ? "none" : value}`,
    );
    return `alter column ${op.column}: ${changes.join(", ")}`;
  },
  addPrimaryKey: (op) => `add primary key (${list(op.primaryKey.columns)})`,
  dropPrimaryKey: (op) => `drop primary key ${op.primaryKey.name}`,
  createEnum: (op) => `create enum ${qualified(op.enumType.schema, op.enumType.name)}`,
  dropEnum: (op) => `drop enum ${qualified(op.enumType.schema, op.enumType.name)}`,
  alterEnum: (op) => `alter enum ${qualified(op.schema, op.name)}: ${list(op.to)}`,
  addUnique: (op) => `add unique ${op.unique.name} (${list(op.unique.columns)})`,
  dropUnique: (op) => `drop unique ${op.unique.name}`,
  addForeignKey: (op) =>
    `add foreign key ${op.foreignKey.name} (${list(op.foreignKey.columns)}) -> ` +
    `${qualified(op.foreignKey.referencedSchema, op.foreignKey.referencedTable)}`,
  dropForeignKey: (op) => `drop foreign key ${op.foreignKey.name}`,
  addCheck: (op) => `add check ${op.check.name}`,
  dropCheck: (op) => `drop check ${op.check.name}`,
  validateConstraint: (op) => `validate constraint ${op.name}`,
  addExclusion: (op) => `add exclusion ${op.exclusion.name}`,
  dropExclusion: (op) => `drop exclusion ${op.exclusion.name}`,
  createIndex: (op) => `create ${op.index.unique ? "unique " : ""}index ${op.index.name}`,
  dropIndex: (op) => `drop index ${op.index.name}`,
  setTableComment: (op) => (op.comment === null ? "remove table comment" : "set table comment"),
  createView: (op) => `create view ${qualified(op.view.schema, op.view.name)}`,
  dropView: (op) => `drop view ${qualified(op.view.schema, op.view.name)}`,
  renameTable: (op) => `rename table ${op.from} to ${op.to}`,
  renameColumn: (op) => `rename column ${op.from} to ${op.to}`,
  renameConstraint: (op) => `rename constraint ${op.from} to ${op.to}`,
  renameIndex: (op) => `rename index ${op.from} to ${op.to}`,
  renameEnum: (op) => `rename enum ${op.from} to ${op.to}`,
  renameSequence: (op) => `rename sequence ${op.from} to ${op.to}`,
  alterSequence: (op) => `alter sequence ${op.name}: type ${op.dataType}`,
  execute: () => "execute SQL",
};

export function describe(op: Operation): string {
  return visit(describers, op);
}

/** The table an operation belongs to, when it belongs to one. */
export interface OperationTarget {
  readonly schema: string;
  readonly table: string;
}

/** Tables for table-level kinds (a renamed table under its new name); undefined for schema-level ones. */
export function targetOf(op: Operation): OperationTarget | undefined {
  switch (op.kind) {
    case "createTable":
    case "dropTable":
      return { schema: op.table.schema, table: op.table.name };
    case "renameTable":
      return { schema: op.schema, table: op.to };
    default:
      return "table" in op && typeof op.table === "string"
        ? { schema: op.schema, table: op.table }
        : undefined;
  }
}
