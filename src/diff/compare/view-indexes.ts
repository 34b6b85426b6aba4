/**
 * Indexes of materialized views. They are the same objects as a table's (CREATE INDEX ... ON the view,
 * DROP INDEX, ALTER INDEX ... RENAME), so they are the same operations, with the view as the table.
 *
 * DROP MATERIALIZED VIEW takes its indexes with it and CREATE creates none, so a view that is dropped
 * has its indexes dropped one by one before it, and a view that is created has them created after it:
 * the downgrade (the reversed inverses) then re-creates the old view's indexes after the old view.
 */
import type { Operation } from "../../ops/operations.js";
import { type Table, table, type View } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
import { compareConstraints } from "./constraints.js";

/** The view as CREATE VIEW makes it: its indexes are operations of their own. */
export const bareView = (view: View): View => ({ ...view, indexes: [] });

/** The operations that go with creating a view (after it), or with dropping it (before it). */
export function viewIndexOperations(view: View, direction: "create" | "drop"): Operation[] {
  const kind = direction === "create" ? "createIndex" : "dropIndex";
  return view.indexes.map((index) => ({ kind, schema: view.schema, table: view.name, index }));
}

/** A view kept on both sides: its indexes compared by name, as a table's are (renames included). */
export function compareViewIndexes(ctx: DiffContext, from: View, to: View): void {
  compareConstraints(ctx, asTable(from), asTable(to));
}

/** The view as a table with only indexes, so the table's comparison applies unchanged. */
function asTable(view: View): Table {
  return { ...table(view.schema, view.name, []), indexes: view.indexes };
}
