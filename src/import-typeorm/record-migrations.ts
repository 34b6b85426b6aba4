/**
 * Records the SQL of each TypeORM migration by running it: every `up()` in order, then every `down()`
 * in reverse, in a throw-away database (embedded, or a scratch database on a server), through a
 * TypeORM DataSource of the user's own TypeORM whose logger keeps what each one sends.
 *
 * Running them is the one way to get the statements of any migration, generated or hand-written
 * (queries built in loops, `queryRunner.createTable(...)`, the entity manager). What a migration does
 * depending on rows it reads is recorded as it ran on an empty database: those are reported.
 */
import { RetortError } from "../errors.js";
import { type Log, logLine, silent } from "../log.js";
import type { TypeormModule } from "../models/typeorm-module.js";
import { type ShadowOptions, withShadowDatabaseUrl } from "../shadow/shadow-database.js";
import { QueryRecorder } from "./query-recorder.js";
import type { TypeormMigration } from "./typeorm-migrations.js";

export const IMPORT_LOGGER = "retort.import";

export interface RecordedMigration {
  readonly up: readonly string[];
  readonly down: readonly string[];
  /** It read rows (a SELECT of its own): what it did may depend on data the recording did not have. */
  readonly readsData: boolean;
}

export interface Recording {
  /**
   * What TypeORM does when it connects and before it runs migrations, and the imported history must
   * do itself on a new database: the extensions its entities need, the `typeorm_metadata` table.
   */
  readonly setup: readonly string[];
  readonly migrations: ReadonlyMap<string, RecordedMigration>;
}

export interface RecordOptions {
  readonly typeorm: TypeormModule;
  /** The user's DataSource options that shape the SQL (entities, naming, schema, uuid extension...). */
  readonly dataSourceOptions: Record<string, unknown>;
  readonly shadow: ShadowOptions;
  readonly retortDir: string;
  readonly log?: Log;
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

export async function recordMigrations(
  migrations: readonly TypeormMigration[],
  options: RecordOptions,
): Promise<Recording> {
  const log = options.log ?? silent;
  return withShadowDatabaseUrl(options.shadow, { retortDir: options.retortDir, log }, async (url) => {
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
    const queryRunner = dataSource.createQueryRunner();
    try {
      const schemaBuilder = dataSource.driver.createSchemaBuilder();
      await recorder.during(setup, async () => schemaBuilder.createMetadataTableIfNecessary?.(queryRunner));
      const recorded = new Map<string, { up: string[]; down: string[]; readsData: boolean }>();
      for (const migration of migrations) {
        const up: string[] = [];
        log(logLine("INFO", IMPORT_LOGGER, `Recording ${migration.name} up()`));
        const { readsData } = await recorder.during(up, () => run(queryRunner, migration, "up"));
        recorded.set(migration.name, { up, down: [], readsData });
      }
      for (const migration of [...migrations].reverse()) {
        const entry = recorded.get(migration.name)!;
        log(logLine("INFO", IMPORT_LOGGER, `Recording ${migration.name} down()`));
        const { readsData } = await recorder.during(entry.down, () => run(queryRunner, migration, "down"));
        entry.readsData ||= readsData;
      }
      return { setup: await installedOnly(queryRunner, setup), migrations: recorded };
    } finally {
      await queryRunner.release().catch(() => {});
      await dataSource.destroy().catch(() => {});
    }
  });
}

/** One up() or down(), in its own transaction unless the migration says `transaction = false`. */
async function run(
  queryRunner: RecordingQueryRunner,
  migration: TypeormMigration,
  direction: "up" | "down",
): Promise<void> {
  const inTransaction = migration.instance.transaction !== false;
  if (inTransaction) await queryRunner.startTransaction();
  try {
    await migration.instance[direction](queryRunner);
    if (inTransaction) await queryRunner.commitTransaction();
  } catch (error) {
    if (inTransaction) await queryRunner.rollbackTransaction().catch(() => {});
    throw new RetortError(
      `The TypeORM migration ${migration.name}${migration.file ? ` (${migration.file})` : ""} failed in ` +
        `the throw-away database during ${direction}(): ${(error as Error).message}`,
      { cause: error },
    );
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
