import type { ColumnChange } from "../../ops/operations.js";
import { usingFor } from "../../ops/type-cast.js";
import type { Column, Table } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
import { sameDefault, sameType } from "../normalise.js";
import { compareOwnedSequence } from "./owned-sequences.js";
import { compareSets } from "./sets.js";

export function compareColumns(ctx: DiffContext, from: Table, to: Table): void {
  const where = (column: string) => `'${to.name}.${column}'`;
  const { schema, name: table } = to;
  compareSets(from.columns, to.columns, (c) => c.name, {
    added: (column) =>
      ctx.add(
        "columns",
        { kind: "addColumn", schema, table, column },
        `Detected added column ${where(column.name)}`,
      ),
    removed: (column) =>
      ctx.add(
        "columns",
        {
          kind: "dropColumn",
          schema,
          table,
          column,
          hazards: [{ kind: "data-loss", reason: `drops column ${table}.${column.name} and its values` }],
        },
        `Detected removed column ${where(column.name)}`,
      ),
    both: (before, after) => {
      if ((before.generated ?? "") !== (after.generated ?? "")) {
        regenerate(ctx, schema, table, before, after);
        return;
      }
      alterColumn(ctx, schema, table, before, after);
      // After the column's own change: its sequence's type is altered once the column's is.
      compareOwnedSequence(ctx, schema, table, before, after);
    },
  });
}

function alterColumn(ctx: DiffContext, schema: string, table: string, before: Column, after: Column): void {
  const modify = columnChange(before, after);
  if (Object.keys(modify).length === 0) return;
  const using = modify.type !== undefined ? usingFor(after.name, before.type, after.type) : undefined;
  ctx.add(
    "columns",
    {
      kind: "alterColumn",
      schema,
      table,
      column: after.name,
      existing: before,
      modify,
      ...(using ? { using } : {}),
    },
    `Detected changed ${Object.keys(modify).join(", ")} of column '${table}.${after.name}'`,
  );
}

/**
 * A generated column's expression cannot be altered in place before PostgreSQL 17, and its values are
 * derived, so it is dropped and added again: nothing is lost, the values are recomputed.
 */
function regenerate(ctx: DiffContext, schema: string, table: string, before: Column, after: Column): void {
  const reason = `column ${table}.${after.name} is recomputed from its new expression (a table rewrite)`;
  const hazards = [{ kind: "table-rewrite" as const, reason }];
  ctx.add(
    "columns",
    { kind: "dropColumn", schema, table, column: before, hazards },
    `Detected changed generation of column '${table}.${after.name}'`,
  );
  ctx.add(
    "columns",
    { kind: "addColumn", schema, table, column: after, hazards },
    `Detected changed generation of column '${table}.${after.name}'`,
  );
}

/** The in-place change from `before` to `after`; empty when nothing ALTER COLUMN can change differs. */
function columnChange(before: Column, after: Column): ColumnChange {
  const typeChanges = !sameType(before.type, after.type);
  const defaultChanges = !sameDefault(before.default, after.default, after.type);
  const identityChanges = before.identity !== after.identity;
  const serialChanges = (before.serial === true) !== (after.serial === true);
  const collationChanges = (before.collation ?? "default") !== (after.collation ?? "default");
  return {
    ...(typeChanges ? { type: after.type } : {}),
    ...(collationChanges ? { collation: after.collation ?? "default" } : {}),
    ...(identityChanges ? { identity: after.identity ?? null } : {}),
    ...(serialChanges ? { serial: after.serial === true } : {}),
    ...(before.nullable !== after.nullable ? { nullable: after.nullable } : {}),
    // A type change drops and re-sets the default (the old one may not cast), so it is always stated.
    ...(defaultChanges || (typeChanges && after.default !== undefined)
      ? { default: after.default ?? null }
      : {}),
    ...(before.comment !== after.comment ? { comment: after.comment ?? null } : {}),
  };
}
