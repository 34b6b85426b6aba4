import { RetortError } from "../errors.js";
import type { Column } from "../schema/ir.js";
import type { ColumnChange, Operation, OperationVisitor } from "./operations.js";
import { visit } from "./operations.js";
import { usingFor } from "./type-cast.js";

/** Data loss is a property of the direction: dropping loses data, re-creating does not. */
const dataLoss = (reason: string) => [{ kind: "data-loss" as const, reason }];

const inverses: OperationVisitor<Operation> = {
  createExtension: (op) => ({ kind: "dropExtension", extension: op.extension }),
  dropExtension: (op) => ({ kind: "createExtension", extension: op.extension }),
  createSchema: (op) => ({ kind: "dropSchema", schema: op.schema }),
  dropSchema: (op) => ({ kind: "createSchema", schema: op.schema }),
  createTable: (op) => ({
    kind: "dropTable",
    table: op.table,
    hazards: dataLoss(`drops table ${op.table.name} and every row in it`),
  }),
  dropTable: (op) => ({ kind: "createTable", table: op.table }),
  addColumn: (op) => ({
    kind: "dropColumn",
    schema: op.schema,
    table: op.table,
    column: op.column,
    hazards: dataLoss(`drops column ${op.table}.${op.column.name} and its values`),
  }),
  dropColumn: (op) => ({ kind: "addColumn", schema: op.schema, table: op.table, column: op.column }),
  alterColumn: (op) => {
    const after = applyChange(op.existing, op.modify);
    return {
      kind: "alterColumn",
      schema: op.schema,
      table: op.table,
      column: op.column,
      existing: after,
      modify: changeBack(op.existing, op.modify),
      ...usingClause(op.column, after.type, op.existing.type),
    };
  },
  addPrimaryKey: (op) => ({
    kind: "dropPrimaryKey",
    schema: op.schema,
    table: op.table,
    primaryKey: op.primaryKey,
  }),
  dropPrimaryKey: (op) => ({
    kind: "addPrimaryKey",
    schema: op.schema,
    table: op.table,
    primaryKey: op.primaryKey,
  }),
  createEnum: (op) => ({ kind: "dropEnum", enumType: op.enumType }),
  dropEnum: (op) => ({ kind: "createEnum", enumType: op.enumType }),
  alterEnum: (op) => {
    const lost = op.to.filter((label) => !op.from.includes(label));
    return {
      kind: "alterEnum",
      schema: op.schema,
      name: op.name,
      from: op.to,
      to: op.from,
      usages: op.usages,
      ...(lost.length
        ? {
            hazards: dataLoss(
              `rows holding ${lost.map((l) => `'${l}'`).join(", ")} cannot be converted back`,
            ),
          }
        : {}),
    };
  },
  addUnique: (op) => ({ kind: "dropUnique", schema: op.schema, table: op.table, unique: op.unique }),
  dropUnique: (op) => ({ kind: "addUnique", schema: op.schema, table: op.table, unique: op.unique }),
  addForeignKey: (op) => ({
    kind: "dropForeignKey",
    schema: op.schema,
    table: op.table,
    foreignKey: op.foreignKey,
  }),
  dropForeignKey: (op) => ({
    kind: "addForeignKey",
    schema: op.schema,
    table: op.table,
    foreignKey: op.foreignKey,
  }),
  addCheck: (op) => ({ kind: "dropCheck", schema: op.schema, table: op.table, check: op.check }),
  // Validation only proves the rows; undoing it is nothing, and proving them again is harmless.
  validateConstraint: (op) => op,
  dropCheck: (op) => ({ kind: "addCheck", schema: op.schema, table: op.table, check: op.check }),
  addExclusion: (op) => ({
    kind: "dropExclusion",
    schema: op.schema,
    table: op.table,
    exclusion: op.exclusion,
  }),
  dropExclusion: (op) => ({
    kind: "addExclusion",
    schema: op.schema,
    table: op.table,
    exclusion: op.exclusion,
  }),
  createIndex: (op) => ({
    kind: "dropIndex",
    schema: op.schema,
    table: op.table,
    index: op.index,
    ...(op.concurrently ? { concurrently: true } : {}),
  }),
  dropIndex: (op) => ({
    kind: "createIndex",
    schema: op.schema,
    table: op.table,
    index: op.index,
    ...(op.concurrently ? { concurrently: true } : {}),
  }),
  setTableComment: (op) => ({
    kind: "setTableComment",
    schema: op.schema,
    table: op.table,
    comment: op.existing,
    existing: op.comment,
  }),
  createView: (op) => ({ kind: "dropView", view: op.view }),
  dropView: (op) => ({ kind: "createView", view: op.view }),
  renameTable: (op) => ({ ...op, from: op.to, to: op.from }),
  renameColumn: (op) => ({ ...op, from: op.to, to: op.from }),
  renameConstraint: (op) => ({ ...op, from: op.to, to: op.from }),
  renameIndex: (op) => ({ ...op, from: op.to, to: op.from }),
  renameEnum: (op) => ({ ...op, from: op.to, to: op.from }),
  renameSequence: (op) => ({ ...op, from: op.to, to: op.from }),
  alterSequence: (op) => ({
    kind: "alterSequence",
    schema: op.schema,
    name: op.name,
    dataType: op.existingDataType,
    existingDataType: op.dataType,
  }),
  execute: () => {
    throw new RetortError("op.execute() has no automatic inverse; write the downgrade by hand");
  },
};

/** The inverse of an operation: applying `op` then `reverse(op)` leaves the schema as it was. */
export function reverse(op: Operation): Operation {
  return visit(inverses, op);
}

/** The downgrade of an upgrade: inverses in reverse order. */
export function reverseAll(ops: readonly Operation[]): Operation[] {
  return ops.map(reverse).reverse();
}

export function applyChange(column: Column, change: ColumnChange): Column {
  const {
    default: _oldDefault,
    comment: _oldComment,
    identity: _oldIdentity,
    serial: _oldSerial,
    collation: _oldCollation,
    ...rest
  } = column;
  const nextIdentity = change.identity === undefined ? column.identity : (change.identity ?? undefined);
  const nextSerial = change.serial === undefined ? column.serial : change.serial || undefined;
  const nextCollation =
    change.collation === undefined
      ? column.collation
      : change.collation === "default"
        ? undefined
        : change.collation;
  const nextDefault = change.default === undefined ? column.default : (change.default ?? undefined);
  const nextComment = change.comment === undefined ? column.comment : (change.comment ?? undefined);
  return {
    ...rest,
    ...(change.type !== undefined ? { type: change.type } : {}),
    ...(change.nullable !== undefined ? { nullable: change.nullable } : {}),
    ...(nextDefault !== undefined ? { default: nextDefault } : {}),
    ...(nextComment !== undefined ? { comment: nextComment } : {}),
    ...(nextIdentity !== undefined ? { identity: nextIdentity } : {}),
    ...(nextSerial ? { serial: true } : {}),
    ...(nextCollation !== undefined ? { collation: nextCollation } : {}),
  };
}

/** The change that undoes `change` on a column that was `before`. */
function changeBack(before: Column, change: ColumnChange): ColumnChange {
  return {
    ...(change.type !== undefined ? { type: before.type } : {}),
    ...(change.nullable !== undefined ? { nullable: before.nullable } : {}),
    ...(change.default !== undefined ? { default: before.default ?? null } : {}),
    ...(change.comment !== undefined ? { comment: before.comment ?? null } : {}),
    ...(change.identity !== undefined ? { identity: before.identity ?? null } : {}),
    ...(change.serial !== undefined ? { serial: before.serial === true } : {}),
    ...(change.collation !== undefined ? { collation: before.collation ?? "default" } : {}),
  };
}

function usingClause(column: string, from: string, to: string): { using?: string } {
  const using = from === to ? undefined : usingFor(column, from, to);
  return using ? { using } : {};
}
