/**
 * Views. PostgreSQL refuses to drop a view another view reads, or to change a column a view reads, so:
 * - a view is dropped first and created last whenever it changes, goes away, or reads from a table
 *   whose columns change;
 * - a view that reads a view being dropped is dropped and re-created with it, even if unchanged;
 * - drops go dependents first, creations dependencies first (a view that names another comes after it).
 * Dependencies are found by name in PostgreSQL's own rendering of each definition. A materialized view's
 * indexes go and come with it (./view-indexes.ts); those of a view that stays are compared.
 */
import type { Operation } from "../../ops/operations.js";
import type { Schema, View } from "../../schema/ir.js";
import { qualifiedKey } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
import { bareView, compareViewIndexes, viewIndexOperations } from "./view-indexes.js";

export function compareViews(ctx: DiffContext, from: Schema, to: Schema): void {
  const key = (v: View) => qualifiedKey(v.schema, v.name);
  const after = new Map(to.views.map((v) => [key(v), v]));
  const touchedTables = tablesWithColumnChanges(ctx.phases.columns);

  // Views of the database that must go: removed, changed, or reading a table whose columns change.
  const dropped = new Map<string, { view: View; reason: string }>();
  for (const before of from.views) {
    const target = after.get(key(before));
    if (!target) dropped.set(key(before), { view: before, reason: "removed" });
    else if (target.definition !== before.definition || target.materialized !== before.materialized) {
      dropped.set(key(before), { view: before, reason: "changed" });
    } else if ([...touchedTables].some((table) => mentions(before.definition, table))) {
      dropped.set(key(before), { view: before, reason: "dependent" });
    }
  }
  // ... and, to a fixed point, every view that reads one of those.
  for (let grew = true; grew; ) {
    grew = false;
    for (const before of from.views) {
      if (dropped.has(key(before))) continue;
      if ([...dropped.values()].some(({ view }) => mentions(before.definition, view.name))) {
        dropped.set(key(before), { view: before, reason: "dependent" });
        grew = true;
      }
    }
  }

  const droppedViews = [...dropped.values()].map((d) => d.view);
  for (const view of inDependencyOrder(droppedViews).reverse()) {
    const { reason } = dropped.get(key(view))!;
    ctx.phases.dropViews.push(...viewIndexOperations(view, "drop"));
    ctx.add(
      "dropViews",
      { kind: "dropView", view: bareView(view) },
      `Detected ${reason} view '${view.name}'`,
    );
  }
  for (const before of from.views) {
    const target = after.get(key(before));
    if (target && !dropped.has(key(before))) compareViewIndexes(ctx, before, target);
  }

  const existing = new Set(from.views.map(key));
  const toCreate = to.views.filter((view) => !existing.has(key(view)) || dropped.has(key(view)));
  for (const view of toCreate)
    if (!existing.has(key(view))) ctx.detections.push(`Detected added view '${view.name}'`);
  for (const view of inDependencyOrder(toCreate)) {
    ctx.phases.createViews.push(
      { kind: "createView", view: bareView(view) } satisfies Operation,
      ...viewIndexOperations(view, "create"),
    );
  }
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

/** Dependencies first: a view that names another view of the list comes after it. */
function inDependencyOrder(views: readonly View[]): View[] {
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
