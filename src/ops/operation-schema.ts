/**
 * Where an operation acts: in one schema, on the whole database (extensions, schemas themselves), or,
 * for `op.execute`, wherever its SQL says (unqualified names follow the search_path). A schema
 * tenant's run (src/tenants/) runs the operations in its own schema and leaves the others to the main
 * run. A table over every kind, so a new kind without its answer fails to compile.
 */
import { type Operation, type OperationVisitor, visit } from "./operations.js";

export type OperationScope =
  | { readonly kind: "schema"; readonly schema: string }
  | { readonly kind: "database" }
  | { readonly kind: "sql" };

const inSchema = (schema: string): OperationScope => ({ kind: "schema", schema });
const DATABASE: OperationScope = { kind: "database" };

const scopes: OperationVisitor<OperationScope> = {
  createExtension: () => DATABASE,
  dropExtension: () => DATABASE,
  createSchema: () => DATABASE,
  dropSchema: () => DATABASE,
  createTable: (op) => inSchema(op.table.schema),
  dropTable: (op) => inSchema(op.table.schema),
  addColumn: (op) => inSchema(op.schema),
  dropColumn: (op) => inSchema(op.schema),
  alterColumn: (op) => inSchema(op.schema),
  addPrimaryKey: (op) => inSchema(op.schema),
  dropPrimaryKey: (op) => inSchema(op.schema),
  createEnum: (op) => inSchema(op.enumType.schema),
  dropEnum: (op) => inSchema(op.enumType.schema),
  alterEnum: (op) => inSchema(op.schema),
  addUnique: (op) => inSchema(op.schema),
  dropUnique: (op) => inSchema(op.schema),
  addForeignKey: (op) => inSchema(op.schema),
  dropForeignKey: (op) => inSchema(op.schema),
  addCheck: (op) => inSchema(op.schema),
  dropCheck: (op) => inSchema(op.schema),
  validateConstraint: (op) => inSchema(op.schema),
  addExclusion: (op) => inSchema(op.schema),
  dropExclusion: (op) => inSchema(op.schema),
  createIndex: (op) => inSchema(op.schema),
  dropIndex: (op) => inSchema(op.schema),
  setTableComment: (op) => inSchema(op.schema),
  createView: (op) => inSchema(op.view.schema),
  dropView: (op) => inSchema(op.view.schema),
  renameTable: (op) => inSchema(op.schema),
  renameColumn: (op) => inSchema(op.schema),
  renameConstraint: (op) => inSchema(op.schema),
  renameIndex: (op) => inSchema(op.schema),
  renameEnum: (op) => inSchema(op.schema),
  renameSequence: (op) => inSchema(op.schema),
  alterSequence: (op) => inSchema(op.schema),
  execute: () => ({ kind: "sql" }),
};

export function scopeOf(op: Operation): OperationScope {
  return visit(scopes, op);
}

/**
 * Whether a schema tenant's run, whose own schema is `schema`, runs the operation: one in that schema
 * (an `op.*` call that named none) or hand-written SQL. An operation naming another schema is a shared
 * object, and extensions and schemas belong to the whole database: the main run does those.
 */
export function runsInTenant(op: Operation, schema: string): boolean {
  const scope = scopeOf(op);
  return scope.kind === "sql" || (scope.kind === "schema" && scope.schema === schema);
}
