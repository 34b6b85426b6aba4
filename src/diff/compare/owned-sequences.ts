/**
 * The sequence behind a serial or identity column that keeps being one. synchronize() builds it named
 * after the table and column (`<table>_<column>_seq`) and typed like the column, but PostgreSQL renames
 * neither with the table or column, and ALTER COLUMN TYPE leaves a serial's sequence at its old type
 * (an identity's follows the column by itself). So a sequence whose name or type differs from the
 * model's is renamed or altered; one created or dropped with its column is the column's business.
 */
import type { Column } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
import { sameType } from "../normalise.js";

export function compareOwnedSequence(
  ctx: DiffContext,
  schema: string,
  table: string,
  before: Column,
  after: Column,
): void {
  const keeps = (before.serial === true && after.serial === true) || (!!before.identity && !!after.identity);
  // An IR built by hand may not describe the sequence: then there is nothing to compare it with.
  if (!keeps || !before.sequence || !after.sequence) return;
  const where = `'${table}.${after.name}'`;
  if (before.sequence.name !== after.sequence.name) {
    ctx.add(
      "renames",
      { kind: "renameSequence", schema, from: before.sequence.name, to: after.sequence.name },
      `Detected renamed sequence '${before.sequence.name}' to '${after.sequence.name}' of column ${where}`,
    );
  }
  // The type the sequence has once the column's own change ran: an identity's follows the column.
  const typeAfterColumn =
    before.identity && !sameType(before.type, after.type) ? after.type : before.sequence.dataType;
  if (!sameType(typeAfterColumn, after.sequence.dataType)) {
    ctx.add(
      "columns",
      {
        kind: "alterSequence",
        schema,
        name: after.sequence.name,
        dataType: after.sequence.dataType,
        existingDataType: typeAfterColumn,
      },
      `Detected changed type of sequence '${after.sequence.name}' of column ${where}`,
    );
  }
}
