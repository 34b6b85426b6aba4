/**
 * What differs between two IR snapshots of the same database, one line per difference:
 *
 *   table public.user: column avatar added
 *   table public.user: column name: type: "character varying(50)" → "character varying(255)"
 *   enum public.mood removed
 *
 * Used by `check --shadow` to prove that a downgrade puts the schema back exactly. It compares every
 * field of the IR, not only what the differ acts on, with one exception: column order. A downgrade
 * that re-adds a dropped column can only append it, and PostgreSQL has no way to move it back, so
 * ./column-order.ts compares the order on its own and `check --shadow` reports it as a note.
 */
import { isDeepStrictEqual } from "node:util";
import type { Schema } from "../schema/ir.js";

/** At most this many lines: past the first few, more lines only hide the first cause. */
const MAX_LINES = 20;

export function schemaDifferences(before: Schema, after: Schema): string[] {
  const lines: string[] = [];
  compare(ignoreColumnOrder(before), ignoreColumnOrder(after), [], lines);
  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`]
    : lines;
}

function ignoreColumnOrder(schema: Schema): Schema {
  return {
    ...schema,
    tables: schema.tables.map((table) => ({
      ...table,
      columns: [...table.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    })),
  };
}

/** Collections of named objects are matched by name, so one added column is one line, not a cascade. */
function compare(before: unknown, after: unknown, where: string[], lines: string[]): void {
  if (isDeepStrictEqual(before, after)) return;
  if (isNamedList(before) && isNamedList(after)) {
    const beforeByKey = new Map(before.map((item) => [keyOf(item), item]));
    const afterByKey = new Map(after.map((item) => [keyOf(item), item]));
    for (const [key, item] of beforeByKey) {
      if (!afterByKey.has(key)) lines.push(line([...where, label(item, key)], "removed"));
    }
    for (const [key, item] of afterByKey) {
      const old = beforeByKey.get(key);
      if (old === undefined) lines.push(line([...where, label(item, key)], "added"));
      else compare(old, item, [...where, label(item, key)], lines);
    }
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (field) => field !== "kind",
    );
    for (const field of fields) {
      // A list of named objects needs no field name: its items say what they are ("column avatar").
      const listed = isNamedList(before[field]) && isNamedList(after[field]);
      compare(before[field], after[field], listed ? where : [...where, field], lines);
    }
    return;
  }
  lines.push(line(where, `${show(before)} → ${show(after)}`));
}

type Named = { readonly name: string; readonly schema?: string; readonly kind?: string };

function isNamedList(value: unknown): value is Named[] {
  return Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.name === "string");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function keyOf(item: Named): string {
  return item.schema === undefined ? item.name : `${item.schema}.${item.name}`;
}

/** `table public.user`, `column avatar`, `primaryKey user_pkey`. */
function label(item: Named, key: string): string {
  return `${item.kind ?? "object"} ${key}`;
}

/** `table public.user: column avatar added`; `table public.user: column name: type: "a" → "b"`. */
function line(where: readonly string[], what: string): string {
  return what === "added" || what === "removed"
    ? `${where.join(": ")} ${what}`
    : `${where.join(": ")}: ${what}`;
}

function show(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}
