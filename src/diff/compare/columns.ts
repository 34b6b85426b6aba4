import type { ColumnChange } from "../../ops/operations.js";
import { usingFor } from "../../ops/type-cast.js";
import type { Column, Table } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
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
        `Detected changed ${Object.keys(modify).join(", ")} of column ${where(after.name)}`,
      );
    },
  });
}

/** The in-place change from `before` to `after`; empty when nothing ALTER COLUMN can change differs. */
function columnChange(before: Column, after: Column): ColumnChange {
  const typeChanges = before.type !== after.type;
  const defaultChanges = before.default !== after.default;
  return {
    ...(typeChanges ? { type: after.type } : {}),
    ...(before.nullable !== after.nullable ? { nullable: after.nullable } : {}),
    // A type change drops and re-sets the default (the old one may not cast), so it is always stated.
    ...(defaultChanges || (typeChanges && after.default !== undefined)
      ? { default: after.default ?? null }
      : {}),
    ...(before.comment !== after.comment ? { comment: after.comment ?? null } : {}),
  };
}
