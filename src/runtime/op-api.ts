/**
 * `op`, the object a migration's upgrade()/downgrade() receives. Each call builds the same Operation
 * the differ would and hands its SQL to the executor, so a generated file and the diff that produced it
 * run exactly the same statements, and a hand-written call works like a generated one.
 */
import type { ColumnChange, Operation } from "../ops/operations.js";
import { toSql } from "../ops/sql.js";
import type { Column, IdentityKind } from "../schema/ir.js";
import { table as tableOf } from "../schema/ir.js";

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

export interface CreateTableOptions extends SchemaOption {
  readonly primaryKey?: { readonly name: string; readonly columns: readonly string[] };
  readonly comment?: string;
}

export interface AlterColumnOptions extends SchemaOption, ColumnChange {
  readonly using?: string;
  /** For the reader of the file only: the type before this step. */
  readonly existingType?: string;
}

/** Receives the SQL of each operation, in order: runs it on a connection, or prints it in --sql mode. */
export type StatementSink = (statement: string) => Promise<void>;

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

export function createOpApi(sink: StatementSink, defaultSchema = "public") {
  const run = async (op: Operation) => {
    for (const statement of toSql(op)) await sink(statement);
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
        existing: columnStub(column),
        modify: {
          ...(options.type !== undefined ? { type: options.type } : {}),
          ...(options.nullable !== undefined ? { nullable: options.nullable } : {}),
          ...(options.default !== undefined ? { default: options.default } : {}),
          ...(options.comment !== undefined ? { comment: options.comment } : {}),
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
    /** Hand-written SQL, for data migrations. */
    execute: (sql: string) => run({ kind: "execute", sql }),
  };
}

export type OpApi = ReturnType<typeof createOpApi>;

/** What upgrade() and downgrade() receive. */
export interface MigrationContext {
  readonly op: OpApi;
}
