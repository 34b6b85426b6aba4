/**
 * Column order, compared apart from the rest of the schema (./schema-differences.ts leaves it out).
 *
 * PostgreSQL can only append a column: `ADD COLUMN` has no position, and nothing moves an existing
 * one. So a downgrade that re-adds a column its upgrade dropped puts it back with every type, default,
 * constraint and index it had, but at the end of the table. Rebuilding the table to put it back in
 * place would rewrite every row under an exclusive lock and recreate everything that depends on the
 * table, for an order only `SELECT *` and a positional `INSERT` or `COPY` can see. `check --shadow`
 * therefore reports a moved column as a note, not as a failure: one line per table.
 *
 *   table public.users: columns id, name, avatar (before the upgrade: id, avatar, name)
 */
import { qualifiedKey } from "../schema/ir.js";

/** What the order is read from: an IR snapshot, or a catalog state (./catalog-state.ts). */
export interface TableColumns {
  readonly tables: readonly {
    readonly schema: string;
    readonly name: string;
    readonly columns: readonly { readonly name: string }[];
  }[];
}
type ColumnsOfTable = TableColumns["tables"][number];

/** The same database one step earlier on the way down: the downgrade before this one, and its upgrade's start. */
export interface EarlierStep {
  readonly before: TableColumns;
  readonly after: TableColumns;
}

/**
 * Tables whose columns are the same on both sides but in another order. A table whose columns differ
 * is not listed: the difference itself is what schemaDifferences reports.
 *
 * A column re-added at the end stays there for the rest of the way down, so every later downgrade
 * would find the same table out of order. With `earlier` (the previous downgrade's comparison), a table
 * is listed only when this downgrade put some pair of its columns out of order anew.
 */
export function columnOrderChanges(
  before: TableColumns,
  after: TableColumns,
  earlier?: EarlierStep,
): string[] {
  const beforeTables = tablesByKey(before);
  // Built only when a table's order did change (rarely): a round trip compares at every step.
  let earlierTables: { before: Map<string, ColumnsOfTable>; after: Map<string, ColumnsOfTable> } | undefined;
  const lines: string[] = [];
  for (const table of after.tables) {
    const key = qualifiedKey(table.schema, table.name);
    const old = beforeTables.get(key);
    // The same object: a part an incremental reading handed on unread.
    if (old === undefined || old === table) continue;
    const was = old.columns.map((c) => c.name);
    const now = table.columns.map((c) => c.name);
    if (sameOrder(was, now) || !sameMembers(was, now)) continue;
    earlierTables ??= {
      before: earlier ? tablesByKey(earlier.before) : new Map(),
      after: earlier ? tablesByKey(earlier.after) : new Map(),
    };
    const inherited = inversions(
      (earlierTables.before.get(key)?.columns ?? []).map((c) => c.name),
      (earlierTables.after.get(key)?.columns ?? []).map((c) => c.name),
    );
    if ([...inversions(was, now)].every((pair) => inherited.has(pair))) continue;
    lines.push(`table ${key}: columns ${now.join(", ")} (before the upgrade: ${was.join(", ")})`);
  }
  return lines;
}

function tablesByKey(schema: TableColumns): Map<string, ColumnsOfTable> {
  return new Map(schema.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((name) => set.has(name));
}

/** The pairs of columns (in both lists) that `a` has in one order and `b` in the other. */
function inversions(a: readonly string[], b: readonly string[]): Set<string> {
  const position = new Map(b.map((name, i) => [name, i]));
  const common = a.filter((name) => position.has(name));
  const pairs = new Set<string>();
  for (let i = 0; i < common.length; i++) {
    for (let j = i + 1; j < common.length; j++) {
      if (position.get(common[i]!)! > position.get(common[j]!)!) pairs.add(`${common[i]}\0${common[j]}`);
    }
  }
  return pairs;
}
