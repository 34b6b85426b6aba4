/**
 * Whether a model's structure is sound enough to be canonicalised piece by piece
 * (./canonical-pieces.ts): the pieces are created in scratch tables of their own, so the model's names,
 * column lists and foreign keys never reach the server, and they are taken back as written only when
 * the server would have kept them so. A model failing this is created whole, so that PostgreSQL names
 * what is wrong with it, or the name it chose, as it always did.
 */
import type { ForeignKey, Schema, Table } from "../schema/ir.js";
import { qualifiedKey } from "../schema/ir.js";
import { storedName } from "../sql/identifier-length.js";
import { ownedSequenceName } from "../sql/object-names.js";

/** A name the server would cut (see src/sql/identifier-length.ts), which only creating the object shows. */
const tooLong = (name: string) => storedName(name) !== name;
const hasDuplicates = (names: readonly string[]) => new Set(names).size !== names.length;
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name) => b.includes(name));

/**
 * Whether the catalog would give back every name and column list as the model writes them: no name
 * truncated, no relation name used twice in a schema, no constraint name twice on a table, every named
 * column present, every foreign key aimed at a primary key, a non-deferrable unique constraint or a
 * plain unique index of an existing table.
 */
export function soundStructure(model: Schema): boolean {
  const relations = new Map<string, Set<string>>();
  const claim = (schema: string, name: string) => {
    const names = relations.get(schema) ?? new Set<string>();
    relations.set(schema, names);
    if (names.has(name) || tooLong(name)) return false;
    names.add(name);
    return true;
  };
  for (const e of model.enums) if (tooLong(e.schema) || !claim(e.schema, e.name)) return false;
  const byKey = new Map(model.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  for (const table of model.tables) {
    if (tooLong(table.schema) || !claim(table.schema, table.name)) return false;
    for (const column of table.columns)
      if (
        (column.serial || column.identity) &&
        !claim(table.schema, ownedSequenceName(table.name, column.name))
      )
        return false;
    const columns = table.columns.map((c) => c.name);
    if (columns.length > 1600 || hasDuplicates(columns) || columns.some(tooLong)) return false;
    const has = new Set(columns);
    const allPresent = (names: readonly string[]) => names.length > 0 && names.every((n) => has.has(n));
    const keyed = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques, ...table.exclusions];
    for (const key of keyed) if (!claim(table.schema, key.name)) return false;
    for (const index of table.indexes) {
      if (!claim(table.schema, index.name)) return false;
      const plain = index.elements.filter((e) => !e.expression).map((e) => e.value);
      if (index.elements.length === 0 || !plain.every((n) => has.has(n)) || hasDuplicates(plain))
        return false;
      if (!index.include.every((n) => has.has(n))) return false;
    }
    const constraintNames = [
      ...keyed.map((k) => k.name),
      ...table.foreignKeys.map((fk) => fk.name),
      ...table.checks.map((c) => c.name),
    ];
    if (hasDuplicates(constraintNames) || constraintNames.some(tooLong)) return false;
    for (const key of [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques])
      if (!allPresent(key.columns) || hasDuplicates(key.columns)) return false;
    for (const fk of table.foreignKeys) {
      const target = byKey.get(qualifiedKey(fk.referencedSchema, fk.referencedTable));
      if (!target || !allPresent(fk.columns) || hasDuplicates(fk.columns)) return false;
      if (fk.referencedColumns.length !== fk.columns.length || hasDuplicates(fk.referencedColumns))
        return false;
      if (!referencesAKey(target, fk)) return false;
      if (!ACTIONS.has(fk.onDelete) || !ACTIONS.has(fk.onUpdate) || !DEFERRABLES.has(fk.deferrable))
        return false;
    }
  }
  return true;
}

const ACTIONS = new Set<string>(["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]);
const DEFERRABLES = new Set<string>(["not deferrable", "initially immediate", "initially deferred"]);

function referencesAKey(target: Table, fk: ForeignKey): boolean {
  const names = new Set(target.columns.map((c) => c.name));
  if (!fk.referencedColumns.every((n) => names.has(n))) return false;
  const keys: (readonly string[])[] = [];
  if (target.primaryKey) keys.push(target.primaryKey.columns);
  for (const u of target.uniques) if (u.deferrable === "not deferrable") keys.push(u.columns);
  for (const i of target.indexes)
    if (i.unique && i.where === undefined && i.elements.every((e) => !e.expression))
      keys.push(i.elements.map((e) => e.value));
  return keys.some((key) => sameSet(key, fk.referencedColumns));
}
