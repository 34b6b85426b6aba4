/**
 * The differ: a pure function from two IRs to the operations that turn the first into the second.
 * An unchanged model yields no operations; the downgrade is `reverseAll()` of the result, never a
 * second diff.
 */
import type { Operation } from "../ops/operations.js";
import type { Schema } from "../schema/ir.js";
import { compareEnums } from "./compare/enums.js";
import { compareNamespaces } from "./compare/namespaces.js";
import { compareTables } from "./compare/tables.js";
import { compareViews } from "./compare/views.js";
import { DiffContext, type DiffOptions } from "./context.js";
import { applyRenames, NO_RENAMES, type Renames } from "./renames.js";

export type { DiffOptions } from "./context.js";
export {
  type ColumnRename,
  type RenameCandidate,
  type RenameDecider,
  type Renames,
  resolveRenames,
  type TableRename,
} from "./renames.js";

export interface DiffResult {
  readonly operations: Operation[];
  readonly detections: string[];
}

function addRenames(ctx: DiffContext, renames: Renames): Renames {
  for (const r of renames.tables) {
    ctx.add("renames", { kind: "renameTable", ...r }, `Detected renamed table '${r.from}' to '${r.to}'`);
  }
  for (const r of renames.columns) {
    ctx.add(
      "renames",
      { kind: "renameColumn", ...r },
      `Detected renamed column '${r.table}.${r.from}' to '${r.table}.${r.to}'`,
    );
  }
  return renames;
}

export function diffSchemas(from: Schema, to: Schema, options: DiffOptions = {}): DiffResult {
  const ctx = new DiffContext(options);
  compareNamespaces(ctx, from, to);
  const renamed = applyRenames(from, addRenames(ctx, options.renames ?? NO_RENAMES));
  const withEnumRenames = compareEnums(ctx, renamed, to);
  compareTables(ctx, withEnumRenames, to);
  // After the tables: which views must be re-created depends on the column changes found there.
  compareViews(ctx, from, to);
  return { operations: ctx.operations(), detections: ctx.detections };
}
