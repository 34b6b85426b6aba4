/**
 * For TypeORM users: bring the database to the head of retort's migrations at application start, with
 * the application's own `DataSource`, instead of `dataSource.runMigrations()`:
 *
 *   await AppDataSource.initialize();
 *   await runRetortMigrations(AppDataSource, { migrations: "migrations" });
 *
 * An initialized DataSource lends one connection from its pool, so its credentials, SSL settings and
 * driver are used as they are; one not initialized yet is connected to with its connection options
 * (url, host, port, username, password, database, ssl, applicationName) on a connection of retort's
 * own, which is closed afterwards. Either way the run takes retort's advisory lock, so several
 * instances starting at once apply each migration once.
 */
import path from "node:path";
import pg from "pg";
import { connectFailureReason } from "../db/connect-failure.js";
import { RetortError } from "../errors.js";
import { upgradeSteps } from "../graph/steps.js";
import { type Log, silent } from "../log.js";
import { type AppliedStep, runMigrations } from "../runner/runner.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { DEFAULT_VERSION_TABLE } from "../runner/version-table.js";

/** The part of a TypeORM DataSource this needs; typed structurally so any TypeORM version fits. */
export interface DataSourceLike {
  readonly isInitialized: boolean;
  /** TypeORM's DataSourceOptions: a union over database types, so only `type` is common to all. */
  readonly options: { readonly type: string };
  readonly driver: unknown;
}

/** The options of a `type: "postgres"` DataSource that say how to connect. */
interface PostgresConnectionOptions {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
  readonly password?: string | (() => string) | (() => Promise<string>);
  readonly database?: string;
  readonly ssl?: unknown;
  readonly schema?: string;
  readonly applicationName?: string;
}

export interface RunRetortMigrationsOptions {
  /** The migrations directory, relative to `cwd`. Default "migrations". */
  readonly migrations?: string;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Default "head"; any upgrade target (`heads`, a revision, `+1`). */
  readonly target?: string;
  /** The version table, as in the config. Default public.retort_version. */
  readonly versionTable?: string;
  readonly versionTableSchema?: string;
  /** Receives `INFO  [retort.runtime.migration] Running upgrade ...` lines. Default: none. */
  readonly log?: Log;
}

export async function runRetortMigrations(
  dataSource: DataSourceLike,
  options: RunRetortMigrationsOptions = {},
): Promise<AppliedStep[]> {
  if (dataSource.options.type !== "postgres") {
    throw new RetortError(`retort migrates PostgreSQL; this DataSource is '${dataSource.options.type}'`);
  }
  const directory = path.resolve(options.cwd ?? process.cwd(), options.migrations ?? "migrations");
  const scripts = await loadScriptDirectory(directory);
  const target = options.target ?? "head";
  return withDataSourceClient(dataSource, (client) =>
    runMigrations(client, scripts, (heads, map) => upgradeSteps(map, heads, target), {
      log: options.log ?? silent,
      defaultSchema: (dataSource.options as PostgresConnectionOptions).schema ?? "public",
      versionTable: {
        schema: options.versionTableSchema ?? DEFAULT_VERSION_TABLE.schema,
        table: options.versionTable ?? DEFAULT_VERSION_TABLE.table,
      },
    }),
  );
}

interface MasterConnectionDriver {
  obtainMasterConnection(): Promise<[pg.PoolClient, (error?: unknown) => void]>;
}

async function withDataSourceClient<T>(
  dataSource: DataSourceLike,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const driver = dataSource.driver as Partial<MasterConnectionDriver> | undefined;
  if (dataSource.isInitialized && typeof driver?.obtainMasterConnection === "function") {
    const [client, release] = await driver.obtainMasterConnection();
    try {
      // The runner only queries; a pooled client answers the same calls as a pg.Client.
      return await use(client as unknown as pg.Client);
    } finally {
      release();
    }
  }
  const { url, host, port, username, password, database, ssl, applicationName } =
    dataSource.options as PostgresConnectionOptions;
  const client = new pg.Client({
    ...(url ? { connectionString: url } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(username !== undefined ? { user: username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(database !== undefined ? { database } : {}),
    ...(ssl !== undefined ? { ssl: ssl as pg.ClientConfig["ssl"] } : {}),
    ...(applicationName !== undefined ? { application_name: applicationName } : {}),
  });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new RetortError(`Could not connect with the DataSource's options: ${connectFailureReason(error)}`, {
      cause: error,
    });
  }
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}
