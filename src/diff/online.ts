/**
 * `--online`: the same changes with short locks, for tables that already hold data.
 * - An index on an existing table is built CONCURRENTLY (outside the transaction; the runner knows).
 * - A foreign key or check is added NOT VALID (a brief lock) and validated in a separate step, which
 *   lets reads and writes go on while the rows are checked.
 * - SET NOT NULL is preceded by a validated `CHECK (col IS NOT NULL)`, which PostgreSQL 12+ uses to
 *   skip its full-table scan under an exclusive lock; the helper check is dropped afterwards.
 * Tables created in the same migration are empty, and materialized views created (or re-created) in it
 * are new to every other session, so their operations are left as they are. The long-lock hazards
 * these rewrites remove are removed with them.
 */
import type { AlterColumnOp, Hazard, Operation } from "../ops/operations.js";
import { qualifiedKey } from "../schema/ir.js";
import { storedName } from "../sql/identifier-length.js";
import { printedIdent } from "../sql/quote.js";

export function onlineOperations(ops: readonly Operation[]): Operation[] {
  // Nothing outside the migration can be waiting on a relation it creates: no need to go CONCURRENTLY.
  const created = new Set(
    ops.flatMap((op) =>
      op.kind === "createTable"
        ? [qualifiedKey(op.table.schema, op.table.name)]
        : op.kind === "createView"
          ? [qualifiedKey(op.view.schema, op.view.name)]
          : [],
    ),
  );
  const existing = (schema: string, table: string) => !created.has(qualifiedKey(schema, table));
  return ops.flatMap((op): Operation[] => {
    switch (op.kind) {
      case "createIndex":
        return existing(op.schema, op.table) ? [{ ...withoutLongLock(op), concurrently: true }] : [op];
      case "addForeignKey":
        return existing(op.schema, op.table)
          ? [
              { ...withoutLongLock(op), notValid: true },
              { kind: "validateConstraint", schema: op.schema, table: op.table, name: op.foreignKey.name },
            ]
          : [op];
      case "addCheck":
        return existing(op.schema, op.table)
          ? [
              { ...withoutLongLock(op), notValid: true },
              { kind: "validateConstraint", schema: op.schema, table: op.table, name: op.check.name },
            ]
          : [op];
      case "alterColumn":
        return op.modify.nullable === false && existing(op.schema, op.table) ? notNullOnline(op) : [op];
      default:
        return [op];
    }
  });
}

function notNullOnline(op: AlterColumnOp): Operation[] {
  const { nullable: _nullable, ...otherChanges } = op.modify;
  // As the server stores it: a long multi-byte name is cut at 63 bytes on a whole character.
  const name = storedName(`${op.table}_${op.column}_not_null`);
  const check = { kind: "check" as const, name, expression: `((${printedIdent(op.column)} IS NOT NULL))` };
  const before: Operation[] = Object.keys(otherChanges).length ? [{ ...op, modify: otherChanges }] : [];
  const rest = op.hazards?.filter((h) => h.kind !== "long-lock");
  return [
    ...before,
    { kind: "addCheck", schema: op.schema, table: op.table, check, notValid: true },
    { kind: "validateConstraint", schema: op.schema, table: op.table, name },
    {
      kind: "alterColumn",
      schema: op.schema,
      table: op.table,
      column: op.column,
      existing: op.existing,
      modify: { nullable: false },
      ...(rest?.length ? { hazards: rest } : {}),
    },
    { kind: "dropCheck", schema: op.schema, table: op.table, check },
  ];
}

function withoutLongLock<T extends Operation>(op: T): T {
  if (!op.hazards) return op;
  const hazards: Hazard[] = op.hazards.filter((h) => h.kind !== "long-lock");
  const { hazards: _old, ...rest } = op;
  return (hazards.length ? { ...rest, hazards } : rest) as T;
}
