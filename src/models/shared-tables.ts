/**
 * Several definitions of one table, merged into one the way TypeORM's synchronize() merges them
 * (RdbmsSchemaBuilder, TypeORM 0.3–1.x): entities that share a table without a discriminator column (a
 * read model and a write model of one table), an entity mapped over a join table, the closure table
 * each child of a single-table-inheritance tree declares again. synchronize() creates the table from
 * the first definition, drops the columns a later one lacks and adds them back, adds each definition's
 * new columns, then adds every index, unique, check, exclusion and foreign key it does not have by
 * name: one table with all of their columns and constraints.
 *
 * What two definitions both declare must agree: a column (type, nullability, default, identity,
 * generated expression, collation, comment, whether it is unique, its enum's values), the primary key,
 * the table comment, and anything of one name. synchronize() alters such a column to each definition
 * in turn, on every run; retort refuses the model instead, naming both definitions.
 *
 * Where retort does not follow synchronize(): a multi-column index, unique, check or exclusion of the
 * first definition over a column a later one lacks. synchronize() loses it when it drops that column
 * (it believes the constraint still exists and never creates it again); retort keeps what the entities
 * declare.
 */
import { RetortError } from "../errors.js";
import type {
  CheckConstraint,
  Column,
  ExclusionConstraint,
  ForeignKey,
  Index,
  Table,
  UniqueConstraint,
} from "../schema/ir.js";
import { byName, qualifiedKey } from "../schema/ir.js";
import type { Definition } from "./table-definitions.js";

/** One metadata's table, before tables of one name are merged. */
export interface TableDefinition {
  readonly table: Table;
  /** The values of each enum column's type, by column name: the column's type text names the type only. */
  readonly enumValues: ReadonlyMap<string, readonly string[]>;
  /** How an error names it; called only for an error, since finding a file scans the module cache. */
  readonly describe: () => Definition;
}

export class SharedTableConflictError extends RetortError {}

/** One table per qualified name, in the order of each name's first definition. */
export function mergeSharedTables(definitions: readonly TableDefinition[]): Table[] {
  const byKey = new Map<string, TableDefinition[]>();
  for (const definition of definitions) {
    const key = qualifiedKey(definition.table.schema, definition.table.name);
    const sharing = byKey.get(key) ?? [];
    sharing.push(definition);
    byKey.set(key, sharing);
  }
  return [...byKey.values()].map((sharing) => (sharing.length === 1 ? sharing[0]!.table : merged(sharing)));
}

function merged(sharing: readonly TableDefinition[]): Table {
  const [first] = sharing as [TableDefinition, ...TableDefinition[]];
  const columns = new Map<string, { readonly column: Column; readonly from: TableDefinition }>();
  for (const definition of sharing) {
    for (const column of definition.table.columns) {
      const earlier = columns.get(column.name);
      if (!earlier) columns.set(column.name, { column, from: definition });
      else agree(`column "${column.name}"`, earlier.from, definition, (d) => columnText(d, column.name));
    }
  }
  for (const definition of sharing.slice(1)) {
    agree("the primary key", first, definition, (d) => primaryKeyText(d.table, sharing));
    agree("the table comment", first, definition, (d) =>
      d.table.comment === undefined ? "none" : `'${d.table.comment}'`,
    );
  }
  return {
    ...first.table,
    columns: columnOrder(sharing).map((name) => columns.get(name)!.column),
    uniques: union(sharing, "unique constraint", (t) => t.uniques, uniqueText),
    checks: union(sharing, "check constraint", (t) => t.checks, checkText),
    exclusions: union(sharing, "exclusion constraint", (t) => t.exclusions, exclusionText),
    indexes: union(sharing, "index", (t) => t.indexes, indexText),
    foreignKeys: union(sharing, "foreign key", (t) => t.foreignKeys, foreignKeyText),
  };
}

/**
 * The columns in the order synchronize() leaves them: the first definition creates the table, each
 * later one drops what it lacks, then each in turn adds what is missing at the end. Only the physical
 * order depends on this.
 */
function columnOrder(sharing: readonly TableDefinition[]): string[] {
  const names = (d: TableDefinition) => d.table.columns.map((column) => column.name);
  let order = names(sharing[0]!);
  for (const definition of sharing.slice(1)) {
    const has = new Set(names(definition));
    order = order.filter((name) => has.has(name));
  }
  for (const definition of sharing)
    for (const name of names(definition)) if (!order.includes(name)) order.push(name);
  return order;
}

/** Every item of one kind, once by name, sorted as the IR keeps them; one name must mean one thing. */
function union<T extends { readonly name: string }>(
  sharing: readonly TableDefinition[],
  kind: string,
  of: (table: Table) => readonly T[],
  text: (item: T) => string,
): T[] {
  const items = new Map<string, { readonly item: T; readonly from: TableDefinition }>();
  for (const definition of sharing) {
    for (const item of of(definition.table)) {
      const earlier = items.get(item.name);
      if (!earlier) items.set(item.name, { item, from: definition });
      else {
        const itemIn = (d: TableDefinition) => (d === definition ? item : earlier.item);
        agree(
          `${kind} "${item.name}"`,
          earlier.from,
          definition,
          (d) => text(itemIn(d)),
          (d) => itemIn(d),
        );
      }
    }
  }
  return [...items.values()].map(({ item }) => item).sort(byName);
}

/**
 * Throws when `a` and `b` say different things about `what`. `text` is what the error shows; `value`
 * (the text by default) is what must be equal, with its JSON shown when the texts alone look alike.
 */
function agree(
  what: string,
  a: TableDefinition,
  b: TableDefinition,
  text: (definition: TableDefinition) => string,
  value: (definition: TableDefinition) => unknown = text,
): void {
  if (JSON.stringify(value(a)) === JSON.stringify(value(b))) return;
  let [textA, textB] = [text(a), text(b)];
  if (textA === textB) [textA, textB] = [JSON.stringify(value(a)), JSON.stringify(value(b))];
  const [first, second] = [a.describe(), b.describe()];
  const hint =
    first.skippable && second.skippable
      ? "or set synchronize: false on the one that should not create the table"
      : `or rename one (${[...new Set([first.rename, second.rename])].join(" or ")})`;
  const { schema, name } = a.table;
  throw new SharedTableConflictError(
    `Two definitions of table ${qualifiedKey(schema, name)} cannot be merged: ${what} is ${textA} in ` +
      `${first.label} but ${textB} in ${second.label}; declare it alike in both, ${hint}`,
  );
}

/** `character varying(20) NOT NULL DEFAULT 'x' UNIQUE`: all a column is, and so what must agree. */
function columnText(definition: TableDefinition, name: string): string {
  const column = definition.table.columns.find((c) => c.name === name);
  if (!column) return "absent";
  const values = definition.enumValues.get(name);
  const uniques = definition.table.uniques.filter((u) => u.columns.length === 1 && u.columns[0] === name);
  return [
    column.type,
    values && `(${values.map((v) => `'${v}'`).join(", ")})`,
    column.serial && "(serial)",
    column.identity && `GENERATED ${column.identity.toUpperCase()} AS IDENTITY`,
    column.generated && `GENERATED ALWAYS AS (${column.generated}) STORED`,
    !column.nullable && "NOT NULL",
    column.default !== undefined && `DEFAULT ${column.default}`,
    column.collation && `COLLATE "${column.collation}"`,
    // Named, since two definitions may make it unique under two names.
    ...uniques.map((u) => `UNIQUE (${u.name})`),
    column.comment !== undefined && `COMMENT '${column.comment}'`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** `(id)`, or `PK_x (id)` when the columns agree and only the names differ. */
function primaryKeyText(table: Table, sharing: readonly TableDefinition[]): string {
  const key = table.primaryKey;
  if (!key) return "none";
  const columns = `(${key.columns.join(", ")})`;
  const sameColumns = sharing.every((d) => d.table.primaryKey?.columns.join() === key.columns.join());
  return sameColumns ? `${key.name} ${columns}` : columns;
}

const deferrableText = (deferrable: UniqueConstraint["deferrable"]) =>
  deferrable === "not deferrable" ? "" : ` DEFERRABLE ${deferrable.toUpperCase()}`;

function uniqueText(unique: UniqueConstraint): string {
  const nulls = unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : "";
  return `UNIQUE${nulls} (${unique.columns.join(", ")})${deferrableText(unique.deferrable)}`;
}

const checkText = (check: CheckConstraint) => `CHECK ${check.expression}`;
const exclusionText = (exclusion: ExclusionConstraint) => exclusion.definition;

function indexText(index: Index): string {
  const elements = index.elements.map((e) => `${e.value}${e.descending ? " DESC" : ""}`).join(", ");
  const where = index.where ? ` WHERE ${index.where}` : "";
  return `${index.unique ? "UNIQUE " : ""}USING ${index.method} (${elements})${where}`;
}

function foreignKeyText(fk: ForeignKey): string {
  return (
    `(${fk.columns.join(", ")}) REFERENCES ${qualifiedKey(fk.referencedSchema, fk.referencedTable)} ` +
    `(${fk.referencedColumns.join(", ")}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}` +
    deferrableText(fk.deferrable)
  );
}
