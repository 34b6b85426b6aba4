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

export type { DiffOptions } from "./context.js";

export interface DiffResult {
  readonly operations: Operation[];
  readonly detections: string[];
}

export function diffSchemas(from: Schema, to: Schema, options: DiffOptions = {}): DiffResult {
  const ctx = new DiffContext(options);
  compareNamespaces(ctx, from, to);
  compareEnums(ctx, from, to);
  compareTables(ctx, from, to);
  // After the tables: which views must be re-created depends on the column changes found there.
  compareViews(ctx, from, to);
  return { operations: ctx.operations(), detections: ctx.detections };
}
