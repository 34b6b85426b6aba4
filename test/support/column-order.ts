/**
 * Comparing catalogs that two tools built when column order may rightly differ: PostgreSQL appends
 * every column a migration adds, while synchronize() on an empty database creates it where the entity
 * declares it. So the catalog is compared with columns by name, and the order is compared apart, only
 * for the columns whose position a migration keeps.
 */
import type { Operation } from "../../src/ops/operations.js";
import { qualifiedKey, type Schema } from "../../src/schema/ir.js";

/** The catalog with each table's columns sorted by name: everything but column order compared. */
export function columnsByName(schema: Schema): Schema {
  return {
    ...schema,
    tables: schema.tables.map((table) => ({
      ...table,
      columns: [...table.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    })),
  };
}

/**
 * Per table, the order of the columns a migration from `start` kept in place: those `start` already had,
 * that are still there, and that the migration did not drop and add again (a generated column whose
 * expression changed). Columns the migration added go at the end, wherever the entity declares them,
 * so they are left out; everything else must be in the same order in `reached` as in `reference`.
 */
export function keptColumnOrder(
  start: Schema,
  catalog: Schema,
  operations: readonly Operation[],
): Record<string, string[]> {
  const startColumns = new Map(
    start.tables.map((t) => [qualifiedKey(t.schema, t.name), new Set(t.columns.map((c) => c.name))]),
  );
  const readded = readdedColumns(operations);
  const order: Record<string, string[]> = {};
  for (const table of catalog.tables) {
    const key = qualifiedKey(table.schema, table.name);
    const kept = startColumns.get(key);
    if (kept === undefined) continue;
    order[key] = table.columns
      .map((c) => c.name)
      .filter((name) => kept.has(name) && !readded.has(`${key}.${name}`));
  }
  return order;
}

/**
 * `schema.table.column` of each generated column the operations drop and add again (its expression
 * cannot be altered in place). Any other column dropped and added again is a bug the order shows.
 */
function readdedColumns(operations: readonly Operation[]): Set<string> {
  const dropped = new Map<string, boolean>();
  const readded = new Set<string>();
  for (const op of operations) {
    if (op.kind !== "dropColumn" && op.kind !== "addColumn") continue;
    const key = `${qualifiedKey(op.schema, op.table)}.${op.column.name}`;
    const generated = op.column.generated !== undefined;
    if (op.kind === "dropColumn") dropped.set(key, generated);
    else if (dropped.has(key) && (dropped.get(key) || generated)) readded.add(key);
  }
  return readded;
}
