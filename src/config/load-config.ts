/**
 * Merges the config file, the command-line flags and the environment into one ResolvedConfig.
 *
 * - The config file is `-c <file>`, else the first of retort.config.{ts,mts,cts,js,mjs,cjs,json} in the
 *   working directory; none at all is fine. Modules may `export default` the config (with or without
 *   `defineConfig`) or export its fields by name.
 * - A flag beats the config file. For the URL: `--url`, then the config's `url`, then $DATABASE_URL,
 *   then none: the embedded database in `.retort/` next to the config file (or in the working
 *   directory), see ./database-target.ts.
 * - Paths in the config file are relative to the config file; paths in flags to the working directory.
 * - Library callers may pass the config itself instead of a file (`inline`), as `retort.config.ts`
 *   would export it.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { RetortError } from "../errors.js";
import { importModule } from "../loader/typescript.js";
import type { Log } from "../log.js";
import type { RetortConfig, TenantsSetting } from "./define-config.js";
import { DEFAULT_FILE_NAME, validateFileNamePattern } from "./file-name.js";
import { type MigrationTemplate, textTemplate } from "./migration-template.js";
import { type ObjectFilters, objectFiltersOf } from "./object-filter.js";
import { DEFAULT_VERSION_TABLE, type VersionTableName } from "./version-table-name.js";

export const CONFIG_FILE_NAMES = [
  "retort.config.ts",
  "retort.config.mts",
  "retort.config.cts",
  "retort.config.js",
  "retort.config.mjs",
  "retort.config.cjs",
  "retort.config.json",
] as const;

/** The global command-line options that feed the config. */
export interface ConfigFlags {
  readonly config?: string;
  readonly url?: string;
  readonly entities?: readonly string[];
  readonly dataSource?: string;
  readonly tsconfig?: string;
  readonly migrations?: string;
  /** `--version-table [schema.]name`. */
  readonly versionTable?: string;
}

export interface ResolvedConfig {
  readonly url?: string;
  /** Absolute globs. */
  readonly entities?: string[];
  /** Absolute path. */
  readonly dataSource?: string;
  /** Absolute path of the tsconfig that resolves the models' imports; none: the nearest one. */
  readonly tsconfig?: string;
  /** Absolute path. */
  readonly migrationsDir: string;
  readonly cwd: string;
  readonly versionTable: VersionTableName;
  readonly schemas: string[];
  /** What autogenerate leaves alone (see ./object-filter.ts); empty: everything in `schemas`. */
  readonly filters: ObjectFilters;
  /** The new migration file's name pattern, `{rev}_{slug}` by default. */
  readonly fileName: string;
  /** The config's file template, read and checked; undefined: the default layout. */
  readonly template?: MigrationTemplate;
  /** The config file that was read, if any. */
  readonly configFile?: string;
  /** The fleet's tenants, as the config gives them (read by src/tenants/ when a command needs them). */
  readonly tenants?: TenantsSetting;
  /** The tenant autogenerate compares the models with; default the first. */
  readonly tenantReference?: string;
  /** Absolute path of `.retort/`, where the embedded databases live: next to the config file, or in cwd. */
  readonly retortDir: string;
  /**
   * Where notices about the database itself go (which embedded database is used, waiting for another
   * process). Not read from any file: the CLI sets it to stderr; library callers may pass their own.
   */
  readonly log?: Log;
}

export async function resolveConfig(
  flags: ConfigFlags,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  inline?: RetortConfig,
): Promise<ResolvedConfig> {
  const configFile = inline ? undefined : findConfigFile(flags.config, cwd);
  const fileConfig = inline
    ? await validate(inline, "the inline config")
    : configFile
      ? await readConfigFile(configFile)
      : {};
  const configDir = configFile ? path.dirname(configFile) : cwd;

  const url = flags.url ?? fileConfig.url ?? (env.DATABASE_URL || undefined);
  // `--entities` and `--data-source` are one setting, the model source: either flag replaces the
  // config's entities and dataSource both (else the config's entity globs beat `--data-source`).
  const modelFlags = flags.entities !== undefined || flags.dataSource !== undefined;
  const entities = modelFlags
    ? flags.entities?.map((glob) => resolveGlob(cwd, glob))
    : fileConfig.entities === undefined
      ? undefined
      : asList(fileConfig.entities).map((glob) => resolveGlob(configDir, glob));
  const dataSource = modelFlags
    ? flags.dataSource && path.resolve(cwd, flags.dataSource)
    : fileConfig.dataSource
      ? path.resolve(configDir, fileConfig.dataSource)
      : undefined;
  const tsconfig = flags.tsconfig
    ? path.resolve(cwd, flags.tsconfig)
    : fileConfig.tsconfig
      ? path.resolve(configDir, fileConfig.tsconfig)
      : undefined;
  if (tsconfig && !existsSync(tsconfig)) throw new RetortError(`tsconfig not found: ${tsconfig}`);
  const migrationsDir = flags.migrations
    ? path.resolve(cwd, flags.migrations)
    : path.resolve(configDir, fileConfig.migrations ?? "./migrations");
  const fileName = fileConfig.fileName ?? DEFAULT_FILE_NAME;
  validateFileNamePattern(fileName);
  const template = await templateOf(fileConfig.template, configDir);

  return {
    ...(url ? { url } : {}),
    ...(entities ? { entities } : {}),
    ...(dataSource ? { dataSource } : {}),
    ...(tsconfig ? { tsconfig } : {}),
    migrationsDir,
    cwd,
    versionTable: versionTableOf(flags.versionTable, fileConfig),
    schemas: fileConfig.schemas ? [...fileConfig.schemas] : ["public"],
    filters: objectFiltersOf(fileConfig),
    fileName,
    ...(template ? { template } : {}),
    ...(configFile ? { configFile } : {}),
    ...(fileConfig.tenants ? { tenants: fileConfig.tenants } : {}),
    ...(fileConfig.tenantReference ? { tenantReference: fileConfig.tenantReference } : {}),
    retortDir: path.join(configDir, ".retort"),
  };
}

/** `--version-table audit.versions` beats the config's `versionTable`/`versionTableSchema`. */
function versionTableOf(flag: string | undefined, config: RetortConfig): VersionTableName {
  if (flag !== undefined) {
    const dot = flag.lastIndexOf(".");
    return dot > 0
      ? { schema: flag.slice(0, dot), table: flag.slice(dot + 1) }
      : { schema: DEFAULT_VERSION_TABLE.schema, table: flag };
  }
  return {
    schema: config.versionTableSchema ?? DEFAULT_VERSION_TABLE.schema,
    table: config.versionTable ?? DEFAULT_VERSION_TABLE.table,
  };
}

async function templateOf(
  template: RetortConfig["template"],
  configDir: string,
): Promise<MigrationTemplate | undefined> {
  if (typeof template !== "string") return template;
  const file = path.resolve(configDir, template);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new RetortError(`Could not read the template ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return textTemplate(text, file);
}

function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new RetortError(`Config file not found: ${file}`);
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((file) => existsSync(file));
}

async function readConfigFile(file: string): Promise<RetortConfig> {
  let value: unknown;
  if (file.endsWith(".json")) {
    try {
      value = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new RetortError(`Could not read ${file}: ${(error as Error).message}`, { cause: error });
    }
  } else {
    const module = await importModule(file);
    value = module.default ?? module;
  }
  return validate(value, file);
}

/**
 * The config as RetortConfig, or one RetortError line naming the file and what is wrong. The schema
 * library is loaded here, on first use, so that a run without a config (and `--help`) never loads it.
 */
async function validate(value: unknown, file: string): Promise<RetortConfig> {
  const { configProblem } = await import("./config-schema.js");
  const problem = configProblem(value);
  if (problem !== undefined) throw new RetortError(`Invalid config in ${file}: ${problem}`);
  return value as RetortConfig;
}

function asList(value: string | readonly string[]): readonly string[] {
  return typeof value === "string" ? [value] : value;
}

/** Makes a glob absolute, keeping a leading `!` (an exclusion) in front. */
function resolveGlob(base: string, glob: string): string {
  return glob.startsWith("!") ? `!${path.resolve(base, glob.slice(1))}` : path.resolve(base, glob);
}
