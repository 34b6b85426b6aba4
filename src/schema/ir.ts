/**
 * The schema IR: one plain, serialisable description of a PostgreSQL schema.
 *
 * Both readers (src/models from TypeORM metadata, src/introspect from pg_catalog) produce it and the
 * differ only ever compares two of them. Nothing from TypeORM or `pg` appears here. Free text
 * (types, defaults, expressions, definitions) is always PostgreSQL's own canonical output
 * (`format_type`, `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`), never a decorator string.
 *
 * Names are unqualified; `schema` says where an object lives. Collections are arrays sorted by name so
 * that two IRs of the same schema are deep-equal and serialise identically.
 */

export interface Schema {
  /** Schemas (namespaces) that hold managed objects, other than the default one (usually `public`). */
  readonly namespaces: readonly string[];
  readonly extensions: readonly Extension[];
  readonly enums: readonly EnumType[];
  readonly sequences: readonly Sequence[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
}

export interface Extension {
  readonly kind: "extension";
  readonly name: string;
  readonly schema?: string;
}

export interface EnumType {
  readonly kind: "enum";
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

/**
 * A free-standing sequence. The sequence behind a serial or identity column is not listed here: it is
 * created and dropped with its column, and described by the column's `sequence`.
 */
export interface Sequence {
  readonly kind: "sequence";
  readonly schema: string;
  readonly name: string;
  readonly dataType: string;
  readonly start: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface Table {
  readonly kind: "table";
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly uniques: readonly UniqueConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly CheckConstraint[];
  readonly exclusions: readonly ExclusionConstraint[];
  readonly indexes: readonly Index[];
  readonly comment?: string;
}

export type IdentityKind = "always" | "by default";

export interface Column {
  readonly kind: "column";
  readonly name: string;
  /** Canonical type text as `format_type` prints it: `character varying(255)`, `integer[]`, `numeric(10,2)`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Canonical default expression as `pg_get_expr` prints it, e.g. `now()`, `'x'::character varying`. */
  readonly default?: string;
  readonly identity?: IdentityKind;
  /**
   * The column is `serial`/`bigserial`/`smallserial`: its default is `nextval()` of a sequence it owns.
   * The default expression is then implied and `default` is left empty; `sequence` names the sequence.
   */
  readonly serial?: boolean;
  /**
   * The sequence a serial or identity column draws from. Both readers fill it for every such column;
   * an IR built by hand may leave it out, and the differ then does not compare it.
   */
  readonly sequence?: OwnedSequence;
  /** Expression of a `GENERATED ALWAYS AS (...) STORED` column. */
  readonly generated?: string;
  readonly collation?: string;
  readonly comment?: string;
}

/**
 * The sequence a column owns. It lives in its table's schema (PostgreSQL requires it), and its name
 * does not follow a table or column rename: PostgreSQL keeps the old one, while TypeORM's synchronize()
 * names it after the table and column it is created for (`<table>_<column>_seq`).
 */
export interface OwnedSequence {
  readonly name: string;
  /** `integer`, `bigint` or `smallint`, as `format_type` prints the sequence's type; its bounds follow. */
  readonly dataType: string;
}

export interface PrimaryKey {
  readonly kind: "primaryKey";
  readonly name: string;
  readonly columns: readonly string[];
}

export interface UniqueConstraint {
  readonly kind: "unique";
  readonly name: string;
  readonly columns: readonly string[];
  readonly nullsNotDistinct: boolean;
  readonly deferrable: Deferrable;
}

export type ReferentialAction = "NO ACTION" | "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT";
export type Deferrable = "not deferrable" | "initially immediate" | "initially deferred";

export interface ForeignKey {
  readonly kind: "foreignKey";
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly deferrable: Deferrable;
}

export interface CheckConstraint {
  readonly kind: "check";
  readonly name: string;
  /** `pg_get_constraintdef` text without the leading `CHECK `, e.g. `((age > 0))`. */
  readonly expression: string;
}

export interface ExclusionConstraint {
  readonly kind: "exclusion";
  readonly name: string;
  /** Full `pg_get_constraintdef` text, e.g. `EXCLUDE USING gist (room WITH =, during WITH &&)`. */
  readonly definition: string;
}

export interface IndexElement {
  /** A column name, or an expression when `expression` is true. */
  readonly value: string;
  readonly expression: boolean;
  readonly descending: boolean;
  readonly nullsFirst?: boolean;
  readonly opclass?: string;
  readonly collation?: string;
}

export interface Index {
  readonly kind: "index";
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  readonly elements: readonly IndexElement[];
  readonly include: readonly string[];
  /** Partial index predicate as `pg_get_expr` prints it. */
  readonly where?: string;
  readonly nullsNotDistinct: boolean;
}

export interface View {
  readonly kind: "view";
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  /** `pg_get_viewdef` text. */
  readonly definition: string;
  /**
   * Indexes of a materialized view, as a table's (`@Index` on a materialized `@ViewEntity`); a plain
   * view has none. Dropping the view drops them, so re-creating it means creating them again.
   */
  readonly indexes: readonly Index[];
}

/** The empty schema: a fresh database, and the "from" side of a first migration. */
export function emptySchema(): Schema {
  return { namespaces: [], extensions: [], enums: [], sequences: [], tables: [], views: [] };
}

/** One identity for schema-qualified objects, used by readers, the differ and renderers alike. */
export function qualifiedKey(schema: string, name: string): string {
  return `${schema}.${name}`;
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function byQualifiedName<T extends { readonly schema: string; readonly name: string }>(
  a: T,
  b: T,
): number {
  const ka = qualifiedKey(a.schema, a.name);
  const kb = qualifiedKey(b.schema, b.name);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A table with every constraint list empty: readers fill what they know. */
export function table(
  schema: string,
  name: string,
  columns: readonly Column[],
  primaryKey?: PrimaryKey,
): Table {
  return {
    kind: "table",
    schema,
    name,
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    uniques: [],
    foreignKeys: [],
    checks: [],
    exclusions: [],
    indexes: [],
  };
}
