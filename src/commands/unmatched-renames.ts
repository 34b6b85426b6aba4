/**
 * A `--rename` / `--rename-table` that matches nothing is refused, not ignored: a typo would otherwise
 * fall through to a drop and an add, and the values the flag was meant to keep would be lost. The
 * message names what does exist, so the typo is easy to see.
 */
import { RetortError } from "../errors.js";
import type { Schema, Table } from "../schema/ir.js";
import { parseColumnHint, parseTableHint, type RenameHints } from "./rename-decider.js";

/** Throws for the first hint that names no table or column it could rename. */
export function refuseUnmatchedRenames(
  hints: RenameHints | undefined,
  database: Schema,
  model: Schema,
  defaultSchema: string,
): void {
  const find = (schema: Schema, name: string, inSchema?: string) =>
    schema.tables.find((t) => t.name === name && t.schema === (inSchema ?? defaultSchema));
  for (const hint of hints?.tables ?? []) {
    const { schema, from, to } = parseTableHint(hint);
    if (!find(database, from, schema))
      throw unmatched(`no table ${from} in the database`, `tables: ${names(database.tables)}`);
    if (!find(model, to, schema))
      throw unmatched(`no table ${to} in the models`, `tables: ${names(model.tables)}`);
    if (find(model, from, schema))
      throw unmatched(`table ${from} is still in the models`, "nothing was renamed");
  }
  // A column hint may name its table by the new name of a table renamed in the same run.
  const renamedFrom = new Map((hints?.tables ?? []).map(parseTableHint).map((t) => [t.to, t.from]));
  for (const hint of hints?.columns ?? []) {
    const { schema, oldTable, table, from, to } = parseColumnHint(hint);
    const before =
      find(database, oldTable, schema) ?? find(database, renamedFrom.get(oldTable) ?? "", schema);
    if (!before) throw unmatched(`no table ${oldTable} in the database`, `tables: ${names(database.tables)}`);
    if (!has(before, from))
      throw unmatched(`no column ${oldTable}.${from}`, `${oldTable} has: ${names(before.columns)}`);
    const after = find(model, table, schema);
    if (!after) throw unmatched(`no table ${table} in the models`, `tables: ${names(model.tables)}`);
    if (!has(after, to))
      throw unmatched(`no column ${table}.${to} in the models`, `${table} has: ${names(after.columns)}`);
    if (has(after, from))
      throw unmatched(`column ${table}.${from} is still in the models`, "nothing was renamed");
  }
}

const has = (table: Table, column: string) => table.columns.some((c) => c.name === column);

/** At most a dozen names, in the order they are declared. */
function names(items: readonly { readonly name: string }[]): string {
  const shown = items.slice(0, 12).map((item) => item.name);
  return items.length === 0 ? "(none)" : `${shown.join(", ")}${items.length > shown.length ? ", …" : ""}`;
}

function unmatched(what: string, context: string): RetortError {
  return new RetortError(`Cannot apply --rename: ${what}; ${context}`);
}
