/**
 * Views. PostgreSQL refuses to change a column a view reads, so a view is dropped first and created
 * last whenever it changes, goes away, or reads from a table whose columns change. Creation follows
 * dependencies between views (a view that names another is created after it).
 */
import type { Operation } from "../../ops/operations.js";
import type { Schema, View } from "../../schema/ir.js";
import { qualifiedKey } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
import { compareSets } from "./sets.js";

export function compareViews(ctx: DiffContext, from: Schema, to: Schema): void {
  const touchedTables = tablesWithColumnChanges(ctx.phases.columns);
  const toCreate: View[] = [];
  const drop = (view: View, detection: string) => ctx.add("dropViews", { kind: "dropView", view }, detection);
  compareSets(from.views, to.views, (v) => qualifiedKey(v.schema, v.name), {
    added: (view) => {
      toCreate.push(view);
      ctx.detections.push(`Detected added view '${view.name}'`);
    },
    removed: (view) => drop(view, `Detected removed view '${view.name}'`),
    both: (before, after) => {
      const changed = before.definition !== after.definition || before.materialized !== after.materialized;
      const readsTouchedTable = [...touchedTables].some((table) => mentions(before.definition, table));
      if (!changed && !readsTouchedTable) return;
      drop(before, `Detected ${changed ? "changed" : "dependent"} view '${after.name}'`);
      toCreate.push(after);
    },
  });
  for (const view of inDependencyOrder(toCreate)) ctx.phases.createViews.push({ kind: "createView", view });
}

function tablesWithColumnChanges(ops: readonly Operation[]): Set<string> {
  const names = new Set<string>();
  for (const op of ops) if (op.kind === "alterColumn" || op.kind === "dropColumn") names.add(op.table);
  return names;
}

function mentions(definition: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w"])"?${escaped}"?($|[^\\w"])`).test(definition);
}

function inDependencyOrder(views: View[]): View[] {
  const ordered: View[] = [];
  const pending = [...views];
  while (pending.length) {
    const index = pending.findIndex((view) =>
      pending.every((other) => other === view || !mentions(view.definition, other.name)),
    );
    // A cycle cannot exist in a valid schema; fall back to the given order rather than loop forever.
    ordered.push(...pending.splice(index === -1 ? 0 : index, 1));
  }
  return ordered;
}
