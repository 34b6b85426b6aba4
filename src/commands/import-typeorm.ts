/**
 * `retort import-typeorm`: turns a project's TypeORM migrations into a retort history and stamps its
 * database where TypeORM left it, so the project switches tools without re-creating the database.
 *
 * 1. Find the TypeORM migrations (`--from`, or the DataSource's `migrations`) and order them as
 *    TypeORM does (../import-typeorm/typeorm-migrations.ts).
 * 2. Record the SQL of each by running it in a throw-away database (../import-typeorm/record-migrations.ts).
 *    One whose down() fails, or does not undo its up(), is imported as irreversible (its downgrade()
 *    raises an error), or with `strict` ends the import before anything is written.
 * 3. Write one retort migration per TypeORM migration, a linear chain with ids derived from TypeORM's
 *    names, never overwriting a file (../import-typeorm/plan-files.ts, imported-file.ts).
 * 4. Stamp the live database at the revision of the last TypeORM migration its `migrations` table
 *    records (../import-typeorm/stamp-imported.ts); that table is read, and an applied set that is
 *    not a prefix of the ordered list refused, before anything is written.
 *
 * Importing again finds its own files, writes nothing, and stamps again (forward only).
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { ResolvedConfig } from "../config/load-config.js";
import { renderImportedFile } from "../import-typeorm/imported-file.js";
import { type PlannedFile, plan } from "../import-typeorm/plan-files.js";
import {
  IMPORT_LOGGER,
  type Irreversible,
  type Recording,
  recordMigrations,
} from "../import-typeorm/record-migrations.js";
import { type Placed, placeSetup } from "../import-typeorm/setup-statements.js";
import { lastAppliedIn, stampAt } from "../import-typeorm/stamp-imported.js";
import { findTypeormMigrations, type TypeormMigration } from "../import-typeorm/typeorm-migrations.js";
import { type Log, logLine, silent } from "../log.js";
import { loadDataSource, loadModel } from "../models/load-model.js";
import { loadTypeorm } from "../models/typeorm-module.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export interface ImportTypeormOptions extends ProjectOptions {
  /** Globs of TypeORM migration files, relative to the working directory; default: the DataSource's. */
  readonly from?: readonly string[];
  /** Stamp the database (default true). */
  readonly stamp?: boolean;
  /** A server to record on, in a scratch database; default: a throw-away embedded database. */
  readonly shadowUrl?: string;
  /** TypeORM's migrations table; default: the DataSource's `migrationsTableName`, else `migrations`. */
  readonly migrationsTable?: string;
  /** Fail on a down() that throws or does not undo its up(), instead of importing it as irreversible. */
  readonly strict?: boolean;
}

export interface ImportedMigration {
  /** TypeORM's name: `CreateTables1700000000000`. */
  readonly typeormName: string;
  /** The TypeORM migration's file, relative to the working directory, when it came from one. */
  readonly source?: string;
  readonly revision: string;
  /** The retort migration file. */
  readonly path: string;
  /** False when the file was there already, from an earlier import. */
  readonly written: boolean;
  /**
   * Why TypeORM's down() did not work on import (`its down() failed: …`), when this import wrote the
   * file with a downgrade() that raises an error. Unset for a file that was already there.
   */
  readonly irreversible?: string;
}

export interface ImportTypeormResult {
  /** The retort migrations directory the files are in (absolute). */
  readonly migrationsDir: string;
  /** In order, oldest first. */
  readonly migrations: readonly ImportedMigration[];
  /** The revision the database was stamped at. */
  readonly stamped?: string;
  /** Why nothing was stamped, when nothing was. */
  readonly notStamped?: string;
}

export async function importTypeorm(options: ImportTypeormOptions = {}): Promise<ImportTypeormResult> {
  const config = await resolveProjectConfig(options);
  const log = config.log ?? silent;
  const dataSourceOptions = config.dataSource ? (await loadDataSource(config.dataSource)).options : {};
  const found = await findTypeormMigrations({
    ...(options.from ? { from: options.from } : {}),
    dataSourceMigrations: listOf(dataSourceOptions.migrations),
    cwd: config.cwd,
  });
  log(logLine("INFO", IMPORT_LOGGER, `Found ${found.length} TypeORM migration(s)`));

  const planned = await plan(config.migrationsDir, found);
  // What the database ran is read (and a story that does not add up refused) before anything is written.
  const table =
    options.migrationsTable ?? (dataSourceOptions.migrationsTableName as string | undefined) ?? "migrations";
  const schema = dataSourceOptions.schema as string | undefined;
  const applied =
    options.stamp === false
      ? ({ notStamped: "--no-stamp" } as const)
      : await lastAppliedIn(config, planned, { table, ...(schema ? { schema } : {}) }, log);

  const missing = planned.filter((p) => !p.exists);
  const irreversible = new Map<string, string>();
  if (missing.length > 0) {
    const recording = await record(config, found, dataSourceOptions, options, log);
    const placed = placeSetup(
      recording,
      found.map((m) => m.name),
    );
    await mkdir(config.migrationsDir, { recursive: true });
    for (const entry of missing) {
      const { name } = entry.migration;
      const { readsData, irreversible: broken } = recording.migrations.get(name)!;
      if (broken) irreversible.set(name, broken.reason);
      if (readsData) {
        log(
          logLine(
            "WARNING",
            IMPORT_LOGGER,
            `${name} reads rows: what it does for existing rows may not be recorded; review ${entry.path}`,
          ),
        );
      }
      log(logLine("INFO", IMPORT_LOGGER, `Writing ${entry.path}`));
      // "wx": fail rather than replace a file that appeared since the plan.
      await writeFile(entry.path, renderFor(entry, placed.get(name)!, readsData, broken), { flag: "wx" });
    }
  } else {
    log(logLine("INFO", IMPORT_LOGGER, `All ${planned.length} already imported in ${config.migrationsDir}`));
  }
  const migrations = planned.map((p) => ({
    typeormName: p.migration.name,
    ...(p.migration.file ? { source: p.migration.file } : {}),
    revision: p.revision,
    path: p.path,
    written: !p.exists,
    ...(irreversible.has(p.migration.name) ? { irreversible: irreversible.get(p.migration.name)! } : {}),
  }));
  const { migrationsDir } = config;
  if ("notStamped" in applied) return { migrationsDir, migrations, notStamped: applied.notStamped };
  return { migrationsDir, migrations, stamped: await stampAt(config, planned, applied.last, log) };
}

async function record(
  config: ResolvedConfig,
  migrations: readonly TypeormMigration[],
  dataSourceOptions: Record<string, unknown>,
  options: ImportTypeormOptions,
  log: Log,
): Promise<Recording> {
  // The entities matter to what TypeORM does when it connects (the uuid extension) and to migrations
  // that use repositories; loadModel resolves entity globs with retort's TypeScript loader.
  const model =
    config.entities?.length || config.dataSource
      ? await loadModel({
          ...(config.entities ? { entities: config.entities } : {}),
          ...(config.dataSource ? { dataSource: config.dataSource } : {}),
          ...(config.tsconfig ? { tsconfig: config.tsconfig } : {}),
          cwd: config.cwd,
        })
      : undefined;
  return recordMigrations(migrations, {
    typeorm: model?.typeorm ?? loadTypeorm(config.cwd),
    dataSourceOptions: {
      ...dataSourceOptions,
      ...(model ? { entities: model.dataSource.options.entities } : {}),
    },
    shadow: options.shadowUrl !== undefined ? { url: options.shadowUrl } : {},
    retortDir: config.retortDir,
    ...(options.strict ? { strict: true } : {}),
    log,
  });
}

function renderFor(
  entry: PlannedFile,
  placed: Placed,
  readsData: boolean,
  irreversible: Irreversible | undefined,
): string {
  const notes = readsData
    ? [
        "REVIEW: TypeORM's migration read rows (a SELECT). It was recorded on an empty database, so what",
        `it does for existing rows may be missing here: compare with ${entry.migration.file ?? entry.migration.name}.`,
      ]
    : [];
  return renderImportedFile({
    migration: entry.migration,
    revision: entry.revision,
    downRevision: entry.downRevision,
    upgrade: placed.upgrade,
    downgrade: placed.downgrade,
    notes,
    ...(irreversible ? { irreversible } : {}),
  });
}

/** TypeORM takes `migrations` as a list or as an object of exports. */
function listOf(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : typeof value === "object" ? Object.values(value) : [value];
}
