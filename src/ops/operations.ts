/**
 * Operations: plain, readonly data describing one schema change each. The differ emits them, the SQL
 * renderer (./sql.ts) and the TypeScript renderer (src/codegen) read them, and `reverse()` (./reverse.ts)
 * turns each into its inverse so a downgrade is the reversed list of inverses, never a second diff.
 *
 * Drop operations carry the whole object they drop so their inverse can re-create it exactly.
 */
import type {
  CheckConstraint,
  Column,
  EnumType,
  ExclusionConstraint,
  Extension,
  ForeignKey,
  IdentityKind,
  Index,
  PrimaryKey,
  Table,
  UniqueConstraint,
  View,
} from "../schema/ir.js";

export type HazardKind = "data-loss" | "table-rewrite" | "long-lock" | "failure-risk";

export interface Hazard {
  readonly kind: HazardKind;
  readonly reason: string;
}

interface OperationBase {
  /** What a reviewer must know before applying this step; rendered as a comment above the call. */
  readonly hazards?: readonly Hazard[];
  /**
   * Not a hazard, but worth reading before applying this step (`Possible rename: pass --rename ...`);
   * rendered as a comment above the call and in the summary. An inverse does not inherit it.
   */
  readonly notes?: readonly string[];
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
  /** `null` drops the identity. */
  readonly identity?: IdentityKind | null;
  /** true: give the column an owned sequence and a nextval() default; false: remove both. */
  readonly serial?: boolean;
  /** A collation change restates the type (ALTER COLUMN ... TYPE t COLLATE c). */
  readonly collation?: string;
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

export interface CreateEnumOp extends OperationBase {
  readonly kind: "createEnum";
  readonly enumType: EnumType;
}

export interface DropEnumOp extends OperationBase {
  readonly kind: "dropEnum";
  readonly enumType: EnumType;
}

/** A column whose type is an enum: what a type swap must convert. */
export interface EnumUsage {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly array: boolean;
  /** The column's default, which names the type and must be dropped and set again around a swap. */
  readonly default?: string;
}

/**
 * An enum's labels change. Appending or inserting labels is `ALTER TYPE ... ADD VALUE`; removing or
 * renaming one swaps the type (create the new type, convert each column through text, drop the old),
 * which keeps every row whose label survives.
 */
export interface AlterEnumOp extends OperationBase {
  readonly kind: "alterEnum";
  readonly schema: string;
  readonly name: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly usages: readonly EnumUsage[];
}

interface TableScoped extends OperationBase {
  readonly schema: string;
  readonly table: string;
}

export interface AddUniqueOp extends TableScoped {
  readonly kind: "addUnique";
  readonly unique: UniqueConstraint;
}

export interface DropUniqueOp extends TableScoped {
  readonly kind: "dropUnique";
  readonly unique: UniqueConstraint;
}

export interface AddForeignKeyOp extends TableScoped {
  readonly kind: "addForeignKey";
  readonly foreignKey: ForeignKey;
  /** Added without checking existing rows (a short lock); a ValidateConstraint follows. */
  readonly notValid?: boolean;
}

export interface DropForeignKeyOp extends TableScoped {
  readonly kind: "dropForeignKey";
  readonly foreignKey: ForeignKey;
}

export interface AddCheckOp extends TableScoped {
  readonly kind: "addCheck";
  readonly check: CheckConstraint;
  /** Added without checking existing rows (a short lock); a ValidateConstraint follows. */
  readonly notValid?: boolean;
}

/** Checks the rows of a NOT VALID constraint while allowing reads and writes. */
export interface ValidateConstraintOp extends TableScoped {
  readonly kind: "validateConstraint";
  readonly name: string;
}

export interface DropCheckOp extends TableScoped {
  readonly kind: "dropCheck";
  readonly check: CheckConstraint;
}

export interface AddExclusionOp extends TableScoped {
  readonly kind: "addExclusion";
  readonly exclusion: ExclusionConstraint;
}

export interface DropExclusionOp extends TableScoped {
  readonly kind: "dropExclusion";
  readonly exclusion: ExclusionConstraint;
}

/** `table` names the indexed relation: a table, or a materialized view (the same SQL for both). */
export interface CreateIndexOp extends TableScoped {
  readonly kind: "createIndex";
  readonly index: Index;
  /** CREATE INDEX CONCURRENTLY: no write lock, but it cannot run inside a transaction. */
  readonly concurrently?: boolean;
}

export interface DropIndexOp extends TableScoped {
  readonly kind: "dropIndex";
  readonly index: Index;
  readonly concurrently?: boolean;
}

export interface SetTableCommentOp extends TableScoped {
  readonly kind: "setTableComment";
  /** `null` removes the comment. */
  readonly comment: string | null;
  readonly existing: string | null;
}

export interface CreateViewOp extends OperationBase {
  readonly kind: "createView";
  readonly view: View;
}

export interface DropViewOp extends OperationBase {
  readonly kind: "dropView";
  readonly view: View;
}

/** A rename keeps the data: its inverse renames back. */
export interface RenameTableOp extends OperationBase {
  readonly kind: "renameTable";
  readonly schema: string;
  readonly from: string;
  readonly to: string;
}

export interface RenameColumnOp extends TableScoped {
  readonly kind: "renameColumn";
  readonly from: string;
  readonly to: string;
}

/** Any table constraint (primary key, unique, check, exclusion, foreign key). */
export interface RenameConstraintOp extends TableScoped {
  readonly kind: "renameConstraint";
  readonly from: string;
  readonly to: string;
}

export interface RenameIndexOp extends OperationBase {
  readonly kind: "renameIndex";
  readonly schema: string;
  readonly from: string;
  readonly to: string;
}

export interface RenameEnumOp extends OperationBase {
  readonly kind: "renameEnum";
  readonly schema: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The sequence of a serial or identity column renamed. PostgreSQL does not rename it with its table or
 * column; synchronize() names it after them, so a rename of either renames it too.
 */
export interface RenameSequenceOp extends OperationBase {
  readonly kind: "renameSequence";
  readonly schema: string;
  readonly from: string;
  readonly to: string;
}

/**
 * `ALTER SEQUENCE ... AS <type>`: a serial's sequence keeps its type when its column's changes (an
 * identity's follows by itself). Bounds that were the old type's become the new type's.
 */
export interface AlterSequenceOp extends OperationBase {
  readonly kind: "alterSequence";
  readonly schema: string;
  readonly name: string;
  readonly dataType: string;
  /** The type before this step: what `reverse()` restores. */
  readonly existingDataType: string;
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
  | CreateEnumOp
  | DropEnumOp
  | AlterEnumOp
  | AddUniqueOp
  | DropUniqueOp
  | AddForeignKeyOp
  | DropForeignKeyOp
  | AddCheckOp
  | DropCheckOp
  | ValidateConstraintOp
  | AddExclusionOp
  | DropExclusionOp
  | CreateIndexOp
  | DropIndexOp
  | SetTableCommentOp
  | CreateViewOp
  | DropViewOp
  | RenameTableOp
  | RenameColumnOp
  | RenameConstraintOp
  | RenameIndexOp
  | RenameEnumOp
  | RenameSequenceOp
  | AlterSequenceOp
  | ExecuteOp;

export type OperationKind = Operation["kind"];

export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** A table of one function per operation kind: adding a kind without its entry fails to compile. */
export type OperationVisitor<R> = { readonly [K in OperationKind]: (op: OperationOf<K>) => R };

export function visit<R>(visitor: OperationVisitor<R>, op: Operation): R {
  return (visitor[op.kind] as (op: Operation) => R)(op);
}
