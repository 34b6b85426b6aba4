/**
 * `op`, the object a migration's upgrade()/downgrade() receives. Each call builds the same Operation
 * the differ would and hands its SQL to the executor, so a generated file and the diff that produced it
 * run exactly the same statements, and a hand-written call works like a generated one.
 */
import { runsInTenant } from "../ops/operation-schema.js";
import type { Operation } from "../ops/operations.js";
import { toSql } from "../ops/sql.js";
import type { Column } from "../schema/ir.js";
import { table as tableOf } from "../schema/ir.js";
import {
  type AlterColumnOptions,
  type AlterEnumOptions,
  type AlterSequenceOptions,
  type ColumnSpec,
  type CreateIndexOptions,
  type CreateTableOptions,
  columnFromSpec,
  type ForeignKeyOptions,
  type IndexElementSpec,
  indexElementFromSpec,
  type SchemaOption,
  type UniqueSpec,
  uniqueFromSpec,
  type ViewOptions,
} from "./op-specs.js";

export type * from "./op-specs.js";

/** Receives the SQL of each operation, in order: runs it on a connection, or prints it in --sql mode. */
export type StatementSink = (statement: string, options?: StatementOptions) => Promise<void>;

export interface StatementOptions {
  /**
   * The statement cannot run inside a transaction block (CREATE/DROP INDEX CONCURRENTLY): the runner
   * commits what the migration did so far, runs it on its own, and opens a new transaction.
   */
  readonly outsideTransaction?: boolean;
  /**
   * The index a CREATE INDEX CONCURRENTLY builds. A build that was interrupted leaves an INVALID index
   * behind, which `IF NOT EXISTS` would then keep: the runner drops such a leftover before the rerun.
   */
  readonly concurrentIndex?: { readonly schema: string; readonly name: string };
}

/** Operations PostgreSQL refuses inside a transaction block. */
export function runsOutsideTransaction(op: Operation): boolean {
  if (op.kind === "execute") return CONCURRENT_INDEX_SQL.test(op.sql);
  return (op.kind === "createIndex" || op.kind === "dropIndex") && op.concurrently === true;
}

/**
 * `op.execute` of `CREATE [UNIQUE] INDEX CONCURRENTLY` or `DROP INDEX CONCURRENTLY` (hand-written, or
 * imported from a TypeORM migration that ran with `transaction = false`) runs outside the transaction
 * too, as it does when op.createIndex/dropIndex write it.
 */
const CONCURRENT_INDEX_SQL = /^\s*(?:CREATE\s+(?:UNIQUE\s+)?|DROP\s+)INDEX\s+CONCURRENTLY\b/i;

export interface OpApiOptions {
  /**
   * Leave out the operations outside `defaultSchema` (a schema tenant's run: shared objects are the
   * main run's, see src/tenants/); `op.execute` still runs.
   */
  readonly onlyDefaultSchema?: boolean;
}

export function createOpApi(sink: StatementSink, defaultSchema = "public", apiOptions: OpApiOptions = {}) {
  const run = async (op: Operation) => {
    if (apiOptions.onlyDefaultSchema && !runsInTenant(op, defaultSchema)) return;
    const options = !runsOutsideTransaction(op)
      ? undefined
      : op.kind === "createIndex"
        ? { outsideTransaction: true, concurrentIndex: { schema: op.schema, name: op.index.name } }
        : { outsideTransaction: true };
    for (const statement of toSql(op)) await sink(statement, options);
  };
  const schemaOf = (options?: SchemaOption) => options?.schema ?? defaultSchema;
  const columnStub = (name: string): Column => ({ kind: "column", name, type: "", nullable: true });

  return {
    createExtension: (name: string, options?: SchemaOption) =>
      run({
        kind: "createExtension",
        extension: { kind: "extension", name, ...(options?.schema ? { schema: options.schema } : {}) },
      }),
    dropExtension: (name: string) => run({ kind: "dropExtension", extension: { kind: "extension", name } }),
    createSchema: (schema: string) => run({ kind: "createSchema", schema }),
    dropSchema: (schema: string) => run({ kind: "dropSchema", schema }),
    createTable: (name: string, columns: readonly ColumnSpec[], options?: CreateTableOptions) =>
      run({
        kind: "createTable",
        table: {
          ...tableOf(
            schemaOf(options),
            name,
            columns.map(columnFromSpec),
            options?.primaryKey ? { kind: "primaryKey", ...options.primaryKey } : undefined,
          ),
          uniques: (options?.uniques ?? []).map(uniqueFromSpec),
          checks: (options?.checks ?? []).map((c) => ({ kind: "check" as const, ...c })),
          exclusions: (options?.exclusions ?? []).map((x) => ({ kind: "exclusion" as const, ...x })),
          ...(options?.comment !== undefined ? { comment: options.comment } : {}),
        },
      }),
    dropTable: (name: string, options?: SchemaOption) =>
      run({ kind: "dropTable", table: tableOf(schemaOf(options), name, []) }),
    addColumn: (table: string, column: ColumnSpec, options?: SchemaOption) =>
      run({ kind: "addColumn", schema: schemaOf(options), table, column: columnFromSpec(column) }),
    dropColumn: (table: string, column: string, options?: SchemaOption) =>
      run({ kind: "dropColumn", schema: schemaOf(options), table, column: columnStub(column) }),
    alterColumn: (table: string, column: string, options: AlterColumnOptions) =>
      run({
        kind: "alterColumn",
        schema: schemaOf(options),
        table,
        column,
        existing: {
          ...columnStub(column),
          type: options.existingType ?? "",
          ...(options.existingIdentity ? { identity: options.existingIdentity } : {}),
        },
        modify: {
          ...(options.type !== undefined ? { type: options.type } : {}),
          ...(options.nullable !== undefined ? { nullable: options.nullable } : {}),
          ...(options.default !== undefined ? { default: options.default } : {}),
          ...(options.comment !== undefined ? { comment: options.comment } : {}),
          ...(options.identity !== undefined ? { identity: options.identity } : {}),
          ...(options.serial !== undefined ? { serial: options.serial } : {}),
          ...(options.collation !== undefined ? { collation: options.collation } : {}),
        },
        ...(options.using ? { using: options.using } : {}),
      }),
    createPrimaryKey: (name: string, table: string, columns: readonly string[], options?: SchemaOption) =>
      run({
        kind: "addPrimaryKey",
        schema: schemaOf(options),
        table,
        primaryKey: { kind: "primaryKey", name, columns },
      }),
    dropPrimaryKey: (name: string, table: string, options?: SchemaOption) =>
      run({
        kind: "dropPrimaryKey",
        schema: schemaOf(options),
        table,
        primaryKey: { kind: "primaryKey", name, columns: [] },
      }),
    createEnum: (name: string, values: readonly string[], options?: SchemaOption) =>
      run({ kind: "createEnum", enumType: { kind: "enum", schema: schemaOf(options), name, values } }),
    dropEnum: (name: string, options?: SchemaOption) =>
      run({ kind: "dropEnum", enumType: { kind: "enum", schema: schemaOf(options), name, values: [] } }),
    alterEnum: (name: string, options: AlterEnumOptions) =>
      run({
        kind: "alterEnum",
        schema: schemaOf(options),
        name,
        from: options.from,
        to: options.to,
        usages: (options.usages ?? []).map((u) => ({
          schema: schemaOf(u),
          table: u.table,
          column: u.column,
          array: u.array === true,
          ...(u.default !== undefined ? { default: u.default } : {}),
        })),
      }),
    createUnique: (
      name: string,
      table: string,
      columns: readonly string[],
      options?: SchemaOption & Omit<UniqueSpec, "name" | "columns">,
    ) =>
      run({
        kind: "addUnique",
        schema: schemaOf(options),
        table,
        unique: uniqueFromSpec({ name, columns, ...options }),
      }),
    createForeignKey: (
      name: string,
      table: string,
      referencedTable: string,
      columns: readonly string[],
      referencedColumns: readonly string[],
      options?: ForeignKeyOptions,
    ) =>
      run({
        kind: "addForeignKey",
        schema: schemaOf(options),
        table,
        foreignKey: {
          kind: "foreignKey",
          name,
          columns,
          referencedSchema: options?.referencedSchema ?? schemaOf(options),
          referencedTable,
          referencedColumns,
          onDelete: options?.onDelete ?? "NO ACTION",
          onUpdate: options?.onUpdate ?? "NO ACTION",
          deferrable: options?.deferrable ?? "not deferrable",
        },
        ...(options?.notValid ? { notValid: true } : {}),
      }),
    createCheck: (
      name: string,
      table: string,
      expression: string,
      options?: SchemaOption & { notValid?: boolean },
    ) =>
      run({
        kind: "addCheck",
        schema: schemaOf(options),
        table,
        check: { kind: "check", name, expression },
        ...(options?.notValid ? { notValid: true } : {}),
      }),
    /** Checks the existing rows of a constraint added NOT VALID, without blocking writes. */
    validateConstraint: (name: string, table: string, options?: SchemaOption) =>
      run({ kind: "validateConstraint", schema: schemaOf(options), table, name }),
    createExclusion: (name: string, table: string, definition: string, options?: SchemaOption) =>
      run({
        kind: "addExclusion",
        schema: schemaOf(options),
        table,
        exclusion: { kind: "exclusion", name, definition },
      }),
    /** Drops a unique, check, exclusion or foreign key constraint by name. */
    dropConstraint: (name: string, table: string, options?: SchemaOption) =>
      run({
        kind: "dropCheck",
        schema: schemaOf(options),
        table,
        check: { kind: "check", name, expression: "" },
      }),
    createIndex: (
      name: string,
      table: string,
      elements: readonly IndexElementSpec[],
      options?: CreateIndexOptions,
    ) =>
      run({
        kind: "createIndex",
        schema: schemaOf(options),
        table,
        index: {
          kind: "index",
          name,
          unique: options?.unique === true,
          method: options?.method ?? "btree",
          elements: elements.map(indexElementFromSpec),
          include: options?.include ?? [],
          ...(options?.where ? { where: options.where } : {}),
          nullsNotDistinct: options?.nullsNotDistinct === true,
        },
        ...(options?.concurrently ? { concurrently: true } : {}),
      }),
    dropIndex: (name: string, options?: SchemaOption & { concurrently?: boolean }) =>
      run({
        kind: "dropIndex",
        schema: schemaOf(options),
        table: "",
        ...(options?.concurrently ? { concurrently: true } : {}),
        index: {
          kind: "index",
          name,
          unique: false,
          method: "btree",
          elements: [],
          include: [],
          nullsNotDistinct: false,
        },
      }),
    setTableComment: (table: string, comment: string | null, options?: SchemaOption) =>
      run({ kind: "setTableComment", schema: schemaOf(options), table, comment, existing: null }),
    createView: (name: string, definition: string, options?: ViewOptions) =>
      run({
        kind: "createView",
        view: {
          kind: "view",
          schema: schemaOf(options),
          name,
          materialized: options?.materialized === true,
          definition,
          // A materialized view's indexes are op.createIndex() calls of their own, as a table's are.
          indexes: [],
        },
      }),
    dropView: (name: string, options?: ViewOptions) =>
      run({
        kind: "dropView",
        view: {
          kind: "view",
          schema: schemaOf(options),
          name,
          materialized: options?.materialized === true,
          definition: "",
          indexes: [],
        },
      }),
    renameTable: (from: string, to: string, options?: SchemaOption) =>
      run({ kind: "renameTable", schema: schemaOf(options), from, to }),
    renameColumn: (table: string, from: string, to: string, options?: SchemaOption) =>
      run({ kind: "renameColumn", schema: schemaOf(options), table, from, to }),
    renameConstraint: (table: string, from: string, to: string, options?: SchemaOption) =>
      run({ kind: "renameConstraint", schema: schemaOf(options), table, from, to }),
    renameIndex: (from: string, to: string, options?: SchemaOption) =>
      run({ kind: "renameIndex", schema: schemaOf(options), from, to }),
    renameEnum: (from: string, to: string, options?: SchemaOption) =>
      run({ kind: "renameEnum", schema: schemaOf(options), from, to }),
    /** Renames a sequence, such as a serial's after its table or column was renamed. */
    renameSequence: (from: string, to: string, options?: SchemaOption) =>
      run({ kind: "renameSequence", schema: schemaOf(options), from, to }),
    /** ALTER SEQUENCE ... AS `type`; `existingType` is the type before, for the record. */
    alterSequence: (name: string, options: AlterSequenceOptions) =>
      run({
        kind: "alterSequence",
        schema: schemaOf(options),
        name,
        dataType: options.type,
        existingDataType: options.existingType ?? "",
      }),
    /** Hand-written SQL, for data migrations. */
    execute: (sql: string) => run({ kind: "execute", sql }),
  };
}

export type OpApi = ReturnType<typeof createOpApi>;

/** What upgrade() and downgrade() receive. */
export interface MigrationContext {
  readonly op: OpApi;
}
