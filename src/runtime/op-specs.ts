/**
 * The argument shapes of `op.*` as a migration file writes them (ColumnSpec, UniqueSpec, ...), and
 * their conversion to the IR the operations carry. What a reader of a generated file sees; ./op-api.ts
 * builds the operations from them.
 */
import type { ColumnChange } from "../ops/operations.js";
import type { Column, Deferrable, IdentityKind, IndexElement, ReferentialAction } from "../schema/ir.js";

/** How a column is written in a migration file. `type` is PostgreSQL's type text; `serial` types are allowed. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: string;
  /** Defaults to true, as in SQL. */
  readonly nullable?: boolean;
  /** A SQL expression, written as PostgreSQL prints it: `'draft'::character varying`, `now()`, `0`. */
  readonly default?: string;
  readonly identity?: IdentityKind;
  readonly generated?: string;
  readonly collation?: string;
  readonly comment?: string;
}

export interface SchemaOption {
  /** Defaults to the migration context's default schema (`public`). */
  readonly schema?: string;
}

export interface UniqueSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly nullsNotDistinct?: boolean;
  readonly deferrable?: Deferrable;
}

export interface CreateTableOptions extends SchemaOption {
  readonly primaryKey?: { readonly name: string; readonly columns: readonly string[] };
  readonly uniques?: readonly UniqueSpec[];
  readonly checks?: readonly { readonly name: string; readonly expression: string }[];
  readonly exclusions?: readonly { readonly name: string; readonly definition: string }[];
  readonly comment?: string;
}

export interface ForeignKeyOptions extends SchemaOption {
  /** Add without checking existing rows; follow with op.validateConstraint(). */
  readonly notValid?: boolean;
  readonly referencedSchema?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: Deferrable;
}

/** An index element: a column name, or an object for expressions, order, operator class, collation. */
export type IndexElementSpec =
  | string
  | {
      readonly column?: string;
      readonly expression?: string;
      readonly descending?: boolean;
      readonly nullsFirst?: boolean;
      readonly opclass?: string;
      readonly collation?: string;
    };

export interface CreateIndexOptions extends SchemaOption {
  readonly unique?: boolean;
  /** CREATE INDEX CONCURRENTLY: runs outside the migration's transaction (see StatementSink). */
  readonly concurrently?: boolean;
  /** Defaults to btree. */
  readonly method?: string;
  readonly include?: readonly string[];
  readonly where?: string;
  readonly nullsNotDistinct?: boolean;
}

export interface EnumUsageSpec extends SchemaOption {
  readonly table: string;
  readonly column: string;
  readonly array?: boolean;
  readonly default?: string;
}

export interface AlterEnumOptions extends SchemaOption {
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** The columns of this type, converted when labels are removed or renamed. */
  readonly usages?: readonly EnumUsageSpec[];
}

export interface AlterSequenceOptions extends SchemaOption {
  /** `smallint`, `integer` or `bigint`. */
  readonly type: string;
  /** The type before this step. */
  readonly existingType?: string;
}

export interface ViewOptions extends SchemaOption {
  readonly materialized?: boolean;
}

export function indexElementFromSpec(spec: IndexElementSpec): IndexElement {
  if (typeof spec === "string") return { value: spec, expression: false, descending: false };
  return {
    value: spec.expression ?? spec.column ?? "",
    expression: spec.expression !== undefined,
    descending: spec.descending === true,
    ...(spec.nullsFirst !== undefined ? { nullsFirst: spec.nullsFirst } : {}),
    ...(spec.opclass ? { opclass: spec.opclass } : {}),
    ...(spec.collation ? { collation: spec.collation } : {}),
  };
}

export const uniqueFromSpec = (u: UniqueSpec) => ({
  kind: "unique" as const,
  name: u.name,
  columns: u.columns,
  nullsNotDistinct: u.nullsNotDistinct === true,
  deferrable: u.deferrable ?? "not deferrable",
});

export interface AlterColumnOptions extends SchemaOption, ColumnChange {
  readonly using?: string;
  /** The type before this step: restated by a collation change, and the type of a new serial's sequence. */
  readonly existingType?: string;
  /** The identity before this step: an identity change is SET GENERATED rather than ADD. */
  readonly existingIdentity?: IdentityKind;
}

const SERIALS: Record<string, string> = { serial: "integer", bigserial: "bigint", smallserial: "smallint" };

/** ColumnSpec (file syntax) → IR Column. */
export function columnFromSpec(spec: ColumnSpec): Column {
  const serialBase = SERIALS[spec.type.toLowerCase()];
  return {
    kind: "column",
    name: spec.name,
    type: serialBase ?? spec.type,
    nullable: spec.nullable ?? true,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    ...(spec.identity ? { identity: spec.identity } : {}),
    ...(serialBase ? { serial: true } : {}),
    ...(spec.generated ? { generated: spec.generated } : {}),
    ...(spec.collation ? { collation: spec.collation } : {}),
    ...(spec.comment ? { comment: spec.comment } : {}),
  };
}
