/**
 * Operations: plain, readonly data describing one schema change each. The differ emits them, the SQL
 * renderer (./sql.ts) and the TypeScript renderer (src/codegen) read them, and `reverse()` (./reverse.ts)
 * turns each into its inverse so a downgrade is the reversed list of inverses, never a second diff.
 *
 * Drop operations carry the whole object they drop so their inverse can re-create it exactly.
 */
import type { Column, Extension, PrimaryKey, Table } from "../schema/ir.js";

export type HazardKind = "data-loss" | "table-rewrite" | "long-lock" | "failure-risk";

export interface Hazard {
  readonly kind: HazardKind;
  readonly reason: string;
}

interface OperationBase {
  /** What a reviewer must know before applying this step; rendered as a comment above the call. */
  readonly hazards?: readonly Hazard[];
}

export interface CreateExtensionOp extends OperationBase {
  readonly kind: "createExtension";
  readonly extension: Extension;
}

export interface DropExtensionOp extends OperationBase {
  readonly kind: "dropExtension";
  readonly extension: Extension;
}

export interface CreateSchemaOp extends OperationBase {
  readonly kind: "createSchema";
  readonly schema: string;
}

export interface DropSchemaOp extends OperationBase {
  readonly kind: "dropSchema";
  readonly schema: string;
}

export interface CreateTableOp extends OperationBase {
  readonly kind: "createTable";
  readonly table: Table;
}

export interface DropTableOp extends OperationBase {
  readonly kind: "dropTable";
  readonly table: Table;
}

export interface AddColumnOp extends OperationBase {
  readonly kind: "addColumn";
  readonly schema: string;
  readonly table: string;
  readonly column: Column;
}

export interface DropColumnOp extends OperationBase {
  readonly kind: "dropColumn";
  readonly schema: string;
  readonly table: string;
  readonly column: Column;
}

/** The parts of a column an ALTER COLUMN can change in place (the data stays). */
export interface ColumnChange {
  readonly type?: string;
  readonly nullable?: boolean;
  /** `null` drops the default. */
  readonly default?: string | null;
  /** `null` removes the comment. */
  readonly comment?: string | null;
}

export interface AlterColumnOp extends OperationBase {
  readonly kind: "alterColumn";
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** The column as it is before this step: what `reverse()` restores. */
  readonly existing: Column;
  readonly modify: ColumnChange;
  /** `USING` expression for a type change that has no assignment cast, e.g. `"age"::integer`. */
  readonly using?: string;
}

export interface AddPrimaryKeyOp extends OperationBase {
  readonly kind: "addPrimaryKey";
  readonly schema: string;
  readonly table: string;
  readonly primaryKey: PrimaryKey;
}

export interface DropPrimaryKeyOp extends OperationBase {
  readonly kind: "dropPrimaryKey";
  readonly schema: string;
  readonly table: string;
  readonly primaryKey: PrimaryKey;
}

/** Hand-written SQL (data migrations). It has no inverse the tool can know. */
export interface ExecuteOp extends OperationBase {
  readonly kind: "execute";
  readonly sql: string;
}

export type Operation =
  | CreateExtensionOp
  | DropExtensionOp
  | CreateSchemaOp
  | DropSchemaOp
  | CreateTableOp
  | DropTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | AddPrimaryKeyOp
  | DropPrimaryKeyOp
  | ExecuteOp;

export type OperationKind = Operation["kind"];

export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** A table of one function per operation kind: adding a kind without its entry fails to compile. */
export type OperationVisitor<R> = { readonly [K in OperationKind]: (op: OperationOf<K>) => R };

export function visit<R>(visitor: OperationVisitor<R>, op: Operation): R {
  return (visitor[op.kind] as (op: Operation) => R)(op);
}
