/**
 * One throw-away database the TypeORM migrations run in: a TypeORM DataSource of the user's own
 * TypeORM whose logger records what each migration sends, and a connection of retort's own that reads
 * the catalog between migrations (outside their transactions, and never through the recorder).
 *
 * The recording may need several of these one after another: after a down() that fails or leaves the
 * schema changed, the remaining down()s are recorded in a fresh one (./record-migrations.ts).
 */
import type pg from "pg";
import { connect } from "../db/connect.js";
import { RetortError } from "../errors.js";
import type { TypeormModule } from "../models/typeorm-module.js";
import type { Schema } from "../schema/ir.js";
import { snapshotAllSchemas } from "../shadow/schema-snapshot.js";
import { QueryRecorder } from "./query-recorder.js";
import type { TypeormMigration } from "./typeorm-migrations.js";

export type Direction = "up" | "down";

export interface SessionOptions {
  readonly typeorm: TypeormModule;
  /** The user's DataSource options that shape the SQL (entities, naming, schema, uuid extension...). */
  readonly dataSourceOptions: Record<string, unknown>;
}

/** The options of the user's DataSource that change what TypeORM sends; never its connection. */
const KEPT_OPTIONS = [
  "entities",
  "entityPrefix",
  "namingStrategy",
  "schema",
  "uuidExtension",
  "installExtensions",
  "extensions",
  "metadataTableName",
  "migrationsTableName",
] as const;

interface RecordingQueryRunner {
  startTransaction(): Promise<void>;
  commitTransaction(): Promise<void>;
  rollbackTransaction(): Promise<void>;
  query(sql: string): Promise<{ extname: string }[]>;
  release(): Promise<void>;
}

interface RecordingDataSource {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  createQueryRunner(): RecordingQueryRunner;
  readonly driver: {
    createSchemaBuilder(): { createMetadataTableIfNecessary?(queryRunner: unknown): Promise<void> };
  };
}

/** An up() or down() that threw; its transaction (if it had one) was rolled back. */
export class TypeormMigrationFailedError extends RetortError {
  /** The error's own message, on one line. */
  readonly reason: string;

  constructor(
    readonly migration: TypeormMigration,
    readonly direction: Direction,
    cause: unknown,
  ) {
    const reason = oneLine(cause instanceof Error ? cause.message : String(cause));
    super(
      `The TypeORM migration ${migration.name}${migration.file ? ` (${migration.file})` : ""} failed in ` +
        `the throw-away database during ${direction}(): ${reason}`,
      { cause },
    );
    this.reason = reason;
  }
}

export interface RecordingSession {
  /**
   * What TypeORM sent when it connected and before running migrations: the extensions its entities
   * need (only those really installed), the `typeorm_metadata` table.
   */
  readonly setup: readonly string[];
  /**
   * Runs one up() or down(), in its own transaction unless the migration says `transaction = false`,
   * appending what it sends to `into` (also when it throws: a TypeormMigrationFailedError).
   */
  run(migration: TypeormMigration, direction: Direction, into?: string[]): Promise<{ readsData: boolean }>;
  /** The whole database's schema, between migrations. */
  snapshot(): Promise<Schema>;
}

/** A session on the throw-away database at `url`, closed when `use` is done with it. */
export async function withRecordingSession<T>(
  url: string,
  options: SessionOptions,
  use: (session: RecordingSession) => Promise<T>,
): Promise<T> {
  const recorder = new QueryRecorder();
  const kept = Object.fromEntries(
    KEPT_OPTIONS.filter((key) => options.dataSourceOptions[key] !== undefined).map((key) => [
      key,
      options.dataSourceOptions[key],
    ]),
  );
  const dataSource = new options.typeorm.DataSource({
    ...kept,
    type: "postgres",
    url,
    logger: recorder,
    migrations: [],
    subscribers: [],
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
  }) as unknown as RecordingDataSource;
  const setup: string[] = [];
  await recorder.during(setup, () => dataSource.initialize());
  let catalogReader: pg.Client | undefined;
  const queryRunner = dataSource.createQueryRunner();
  try {
    const schemaBuilder = dataSource.driver.createSchemaBuilder();
    await recorder.during(setup, async () => schemaBuilder.createMetadataTableIfNecessary?.(queryRunner));
    return await use({
      setup: await installedOnly(queryRunner, setup),
      run: (migration, direction, into = []) =>
        recorder.during(into, () => runOne(queryRunner, migration, direction)),
      snapshot: async () => {
        catalogReader ??= await connect(url);
        return snapshotAllSchemas(catalogReader);
      },
    });
  } finally {
    await catalogReader?.end().catch(() => {});
    await queryRunner.release().catch(() => {});
    await dataSource.destroy().catch(() => {});
  }
}

async function runOne(
  queryRunner: RecordingQueryRunner,
  migration: TypeormMigration,
  direction: Direction,
): Promise<void> {
  const inTransaction = migration.instance.transaction !== false;
  if (inTransaction) await queryRunner.startTransaction();
  try {
    await migration.instance[direction](queryRunner);
    if (inTransaction) await queryRunner.commitTransaction();
  } catch (error) {
    if (inTransaction) await queryRunner.rollbackTransaction().catch(() => {});
    throw new TypeormMigrationFailedError(migration, direction, error);
  }
}

/**
 * TypeORM tries `CREATE EXTENSION` when it connects and only warns when it cannot (the embedded
 * database lacks some extensions): keep the ones that are really installed.
 */
async function installedOnly(queryRunner: RecordingQueryRunner, setup: readonly string[]): Promise<string[]> {
  const rows = await queryRunner.query("SELECT extname FROM pg_catalog.pg_extension");
  const installed = new Set(rows.map((row) => row.extname));
  return setup.filter((sql) => {
    const extension = /^CREATE EXTENSION IF NOT EXISTS "([^"]+)"/i.exec(sql)?.[1];
    return extension === undefined || installed.has(extension);
  });
}

/** An error message as one line, for a list and for a string in a generated file. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
