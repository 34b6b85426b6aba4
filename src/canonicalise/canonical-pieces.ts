/**
 * Canonicalising the model piece by piece instead of table by table.
 *
 * What PostgreSQL rewrites in a plain table depends on the piece alone, not on the table it sits in: a
 * column's type, default, identity, collation, comment and (with the primary key's NOT NULL folded in)
 * nullability; an index's operator classes, collations and method over columns of given kinds; a
 * unique constraint's NULLS [NOT] DISTINCT and deferrability. Names, column lists and foreign keys
 * come back from the catalog exactly as they were written, once the structure is sound
 * (./sound-structure.ts: no name over 63 bytes, no name used twice, every column that a key names
 * exists, every foreign key points at a key of its target). The one name the server makes up, a
 * serial's or identity's sequence, is `<table>_<column>_seq` as the server shortens it, unless that
 * name is taken (then the model is created whole, and the server's own choice is read).
 *
 * So a table of a thousand entities is not created a thousand times over: each *distinct* piece is
 * created once, as a column, index or unique constraint of a few scratch "spec" tables, read back with
 * the introspector, and each table is assembled from its pieces' canonical forms. Creating a thousand
 * tables (each with its heap, index and TOAST files, catalog rows and foreign-key triggers) was as slow
 * as TypeORM's synchronize(); a few hundred distinct pieces take a few tens of milliseconds.
 *
 * A table whose text refers to its own columns (checks, exclusions, generated columns, expression or
 * partial indexes) or whose foreign keys join columns of different declared types is still created
 * whole, in the same batch. A model whose structure is not sound (or that has views) is created whole,
 * so that PostgreSQL reports its error exactly as before.
 */
import { randomBytes } from "node:crypto";
import type {
  Column,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  Schema,
  Table,
  UniqueConstraint,
} from "../schema/ir.js";
import { byName, qualifiedKey } from "../schema/ir.js";
import { ownedSequenceName } from "../sql/object-names.js";
import { soundStructure } from "./sound-structure.js";

/** Columns per spec table: PostgreSQL allows 1600. */
const SPEC_TABLE_COLUMNS = 1000;

/** What one scratch batch creates: whole tables (with their stubs) and the spec tables. */
export interface PiecePlan {
  /** Tables created whole: those needing it, plus bare copies of the tables their foreign keys use. */
  readonly wholeTables: readonly Table[];
  /** Keys (schema.name) of the model tables taken from the whole creation. */
  readonly wholeKeys: ReadonlySet<string>;
  /** The spec tables, in the default schema. */
  readonly specTables: readonly Table[];
  /** Rebuilds the model's other tables from the spec tables as read back. */
  readonly assemble: (readSpecTables: readonly Table[]) => Table[];
}

/**
 * The plan, or undefined when the model must be created whole (views, or a structure PostgreSQL might
 * reject or rename).
 */
export function planPieces(model: Schema, defaultSchema: string): PiecePlan | undefined {
  if (model.views.length > 0 || !soundStructure(model)) return undefined;
  const byKey = new Map(model.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const whole = model.tables.filter((t) => needsCreation(t, byKey));
  const wholeKeys = new Set(whole.map((t) => qualifiedKey(t.schema, t.name)));
  const pieced = model.tables.filter((t) => !wholeKeys.has(qualifiedKey(t.schema, t.name)));
  const specs = new SpecTables(`retort_spec_${randomBytes(4).toString("hex")}`, defaultSchema);

  const plans = pieced.map((table) => planTable(table, specs));
  return {
    wholeTables: withStubs(model, whole),
    wholeKeys,
    specTables: specs.tables(),
    assemble: (read) => {
      const specByName = new Map(read.map((t) => [t.name, new ReadSpec(t)]));
      return plans.map((assembleTable) => assembleTable(specByName));
    },
  };
}

/**
 * The tables to create for `wanted`: those tables, and bare copies (columns, keys and indexes, no
 * foreign keys or checks of their own) of the tables their foreign keys point at.
 */
export function withStubs(schema: Schema, wanted: readonly Table[]): Table[] {
  const keys = new Set(wanted.map((t) => qualifiedKey(t.schema, t.name)));
  const targets = new Set<string>();
  for (const table of wanted)
    for (const fk of table.foreignKeys) {
      const key = qualifiedKey(fk.referencedSchema, fk.referencedTable);
      if (!keys.has(key)) targets.add(key);
    }
  const stubs = schema.tables
    .filter((t) => targets.has(qualifiedKey(t.schema, t.name)))
    .map((t) => ({ ...t, foreignKeys: [], checks: [], exclusions: [] }));
  return [...wanted, ...stubs];
}

/** Text that refers to the table's own columns, or foreign keys PostgreSQL must match types for. */
function needsCreation(table: Table, byKey: ReadonlyMap<string, Table>): boolean {
  if (table.checks.length > 0 || table.exclusions.length > 0) return true;
  if (table.columns.some((c) => c.generated !== undefined)) return true;
  if (table.indexes.some((i) => i.where !== undefined || i.elements.some((e) => e.expression))) return true;
  const columnOf = new Map(table.columns.map((c) => [c.name, c]));
  return table.foreignKeys.some((fk) => {
    const target = byKey.get(qualifiedKey(fk.referencedSchema, fk.referencedTable))!;
    const targetColumnOf = new Map(target.columns.map((c) => [c.name, c]));
    return fk.columns.some((name, i) => {
      const own = columnOf.get(name)!;
      const referenced = targetColumnOf.get(fk.referencedColumns[i]!)!;
      return own.type !== referenced.type || own.collation !== referenced.collation;
    });
  });
}

/** The spec tables being planned: distinct pieces, each created once. */
class SpecTables {
  readonly #tables: { name: string; columns: Column[]; uniques: UniqueConstraint[]; indexes: Index[] }[] = [];
  readonly #columns = new Map<string, Address>();
  readonly #indexes = new Map<string, Address>();
  readonly #uniques = new Map<string, Address>();
  #counter = 0;

  constructor(
    readonly prefix: string,
    readonly schema: string,
  ) {}

  /** The spec column for a column (its name ignored), created once per distinct description. */
  column(column: Column): Address {
    const spec = { ...column, name: "" };
    const key = JSON.stringify(spec);
    let address = this.#columns.get(key);
    if (!address) {
      address = this.#place([spec]).columns[0]!;
      this.#columns.set(key, address);
    }
    return address;
  }

  /** A spec index over fresh columns described like `columns`, created once per distinct shape. */
  index(index: Index, columns: readonly Column[], include: readonly Column[]): Address {
    const shape = { ...index, name: "", elements: index.elements.map((e) => ({ ...e, value: "" })) };
    const key = JSON.stringify({ shape, columns: columns.map(blank), include: include.map(blank) });
    let address = this.#indexes.get(key);
    if (!address) {
      const placed = this.#place([...columns, ...include].map(blank));
      const names = placed.columns.map((a) => a.name);
      const name = `${this.prefix}_i${this.#counter++}`;
      placed.table.indexes.push({
        ...index,
        name,
        elements: index.elements.map((e, i) => ({ ...e, value: names[i]! })),
        include: names.slice(columns.length),
      });
      address = { table: placed.table.name, name };
      this.#indexes.set(key, address);
    }
    return address;
  }

  /** A spec unique constraint over fresh columns described like `columns`. */
  unique(unique: Pick<UniqueConstraint, "nullsNotDistinct" | "deferrable">, columns: readonly Column[]) {
    const key = JSON.stringify({
      nullsNotDistinct: unique.nullsNotDistinct,
      deferrable: unique.deferrable,
      columns: columns.map(blank),
    });
    let address = this.#uniques.get(key);
    if (!address) {
      const placed = this.#place(columns.map(blank));
      const name = `${this.prefix}_u${this.#counter++}`;
      placed.table.uniques.push({
        kind: "unique",
        name,
        columns: placed.columns.map((a) => a.name),
        nullsNotDistinct: unique.nullsNotDistinct,
        deferrable: unique.deferrable,
      });
      address = { table: placed.table.name, name };
      this.#uniques.set(key, address);
    }
    return address;
  }

  tables(): Table[] {
    return this.#tables.map((t) => ({
      kind: "table",
      schema: this.schema,
      name: t.name,
      columns: t.columns,
      uniques: t.uniques,
      foreignKeys: [],
      checks: [],
      exclusions: [],
      indexes: t.indexes,
    }));
  }

  /** Fresh columns, all in one spec table (an index needs its columns together). */
  #place(columns: readonly Column[]) {
    let table = this.#tables.at(-1);
    if (!table || table.columns.length + columns.length > SPEC_TABLE_COLUMNS) {
      table = { name: `${this.prefix}_${this.#tables.length}`, columns: [], uniques: [], indexes: [] };
      this.#tables.push(table);
    }
    const target = table;
    const placed = columns.map((column) => {
      const name = `c${target.columns.length}`;
      target.columns.push({ ...column, name });
      return { table: target.name, name };
    });
    return { table: target, columns: placed };
  }
}

interface Address {
  readonly table: string;
  readonly name: string;
}

const blank = (column: Column): Column => ({ ...column, name: "" });

/** A spec table as read back, by piece name. */
class ReadSpec {
  readonly columns: Map<string, Column>;
  readonly indexes: Map<string, Index>;
  readonly uniques: Map<string, UniqueConstraint>;
  constructor(table: Table) {
    this.columns = new Map(table.columns.map((c) => [c.name, c]));
    this.indexes = new Map(table.indexes.map((i) => [i.name, i]));
    this.uniques = new Map(table.uniques.map((u) => [u.name, u]));
  }
}

type Lookup = ReadonlyMap<string, ReadSpec>;

function found<T>(value: T | undefined, what: string): T {
  // The batch created every piece; a missing one is a bug here, not in the model.
  if (value === undefined) throw new Error(`canonical piece ${what} was not read back`);
  return value;
}

/**
 * Plans one table's pieces and returns how to assemble it from them, in the introspector's shape and
 * key order (so that a table assembled here and one read from a live database are deep-equal and
 * serialise identically).
 */
function planTable(table: Table, specs: SpecTables): (read: Lookup) => Table {
  const inPrimaryKey = new Set(table.primaryKey?.columns ?? []);
  // A primary key makes its columns NOT NULL; nothing else about a column depends on its table.
  const effective = new Map(
    table.columns.map((c) => [c.name, { ...c, nullable: c.nullable && !inPrimaryKey.has(c.name) }]),
  );
  const columnOf = (name: string) => effective.get(name)!;
  const columns = table.columns.map((c) => ({ name: c.name, at: specs.column(columnOf(c.name)) }));
  const comment =
    table.comment !== undefined
      ? specs.column({ kind: "column", name: "", type: "integer", nullable: true, comment: table.comment })
      : undefined;
  const primaryKey = table.primaryKey;
  if (primaryKey)
    specs.unique({ nullsNotDistinct: false, deferrable: "not deferrable" }, primaryKey.columns.map(columnOf));
  const uniques = table.uniques.map((u) => ({
    unique: u,
    at: specs.unique(u, u.columns.map(columnOf)),
  }));
  const indexes = table.indexes.map((index) => ({
    index,
    at: specs.index(
      index,
      index.elements.map((e) => columnOf(e.value)),
      index.include.map(columnOf),
    ),
  }));

  return (read) => {
    const spec = (address: Address) => found(read.get(address.table), address.table);
    const tableComment = comment ? spec(comment).columns.get(comment.name)?.comment : undefined;
    return {
      kind: "table",
      schema: table.schema,
      name: table.name,
      columns: columns.map(({ name, at }) => {
        const read = found(spec(at).columns.get(at.name), at.name);
        // The spec column's sequence is named after the spec table: the real one after this table.
        const sequence = read.sequence && { ...read.sequence, name: ownedSequenceName(table.name, name) };
        return { ...read, name, ...(sequence ? { sequence } : {}) };
      }),
      ...(primaryKey ? { primaryKey: primaryKeyOf(primaryKey) } : {}),
      uniques: uniques
        .map(({ unique, at }): UniqueConstraint => {
          const read = found(spec(at).uniques.get(at.name), at.name);
          return {
            kind: "unique",
            name: unique.name,
            columns: unique.columns,
            nullsNotDistinct: read.nullsNotDistinct,
            deferrable: read.deferrable,
          };
        })
        .sort(byName),
      foreignKeys: table.foreignKeys.map(foreignKeyOf).sort(byName),
      checks: [],
      exclusions: [],
      indexes: indexes
        .map(({ index, at }): Index => {
          const read = found(spec(at).indexes.get(at.name), at.name);
          return {
            kind: "index",
            name: index.name,
            unique: read.unique,
            method: read.method,
            elements: read.elements.map((e, i): IndexElement => ({ ...e, value: index.elements[i]!.value })),
            include: index.include,
            ...(read.where !== undefined ? { where: read.where } : {}),
            nullsNotDistinct: read.nullsNotDistinct,
          };
        })
        .sort(byName),
      ...(tableComment !== undefined ? { comment: tableComment } : {}),
    };
  };
}

const primaryKeyOf = (pk: PrimaryKey): PrimaryKey => ({
  kind: "primaryKey",
  name: pk.name,
  columns: pk.columns,
});

const foreignKeyOf = (fk: ForeignKey): ForeignKey => ({
  kind: "foreignKey",
  name: fk.name,
  columns: fk.columns,
  referencedSchema: fk.referencedSchema,
  referencedTable: fk.referencedTable,
  referencedColumns: fk.referencedColumns,
  onDelete: fk.onDelete,
  onUpdate: fk.onUpdate,
  deferrable: fk.deferrable,
});
