/**
 * What every command accepts besides its own options: where the project is and how it is configured,
 * as the CLI's global options say it. Each command resolves its config from these itself, exactly as
 * the CLI does (src/config), so a deploy script, a test suite and `npx retort` agree on the database,
 * the migrations and the filters.
 */
import type { RetortConfig } from "../config/define-config.js";
import { type ConfigFlags, type ResolvedConfig, resolveConfig } from "../config/load-config.js";
import type { Log } from "../log.js";
import { registerUrlSecret } from "../secrets.js";

export interface ProjectOptions {
  /**
   * A config file (relative to `cwd`), or the config itself. Default: retort.config.* in `cwd`, if any.
   * An inline config's paths are relative to `cwd`.
   */
  readonly config?: string | RetortConfig;
  /** PostgreSQL URL; beats the config. Otherwise the config's, then `env.DATABASE_URL`, then the embedded database. */
  readonly url?: string;
  /** The project directory. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** Migrations directory; beats the config. */
  readonly migrations?: string;
  /** Entity globs; beat the config. */
  readonly entities?: readonly string[];
  /** A module exporting a TypeORM DataSource; beats the config. */
  readonly dataSource?: string;
  /** The tsconfig whose baseUrl/paths resolve the entities' imports; beats the config. */
  readonly tsconfig?: string;
  /** `[schema.]name` of the version table; beats the config. */
  readonly versionTable?: string;
  /** Receives the progress lines the CLI prints on stderr. Default: nothing is printed. */
  readonly log?: Log;
  /** Where `DATABASE_URL` is read. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The name the library first published these options under (the README uses it). */
export type ApiOptions = ProjectOptions;

export async function resolveProjectConfig(options: ProjectOptions = {}): Promise<ResolvedConfig> {
  const flags: ConfigFlags = {
    ...(typeof options.config === "string" ? { config: options.config } : {}),
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(options.migrations !== undefined ? { migrations: options.migrations } : {}),
    ...(options.entities !== undefined ? { entities: options.entities } : {}),
    ...(options.dataSource !== undefined ? { dataSource: options.dataSource } : {}),
    ...(options.tsconfig !== undefined ? { tsconfig: options.tsconfig } : {}),
    ...(options.versionTable !== undefined ? { versionTable: options.versionTable } : {}),
  };
  const inline = typeof options.config === "object" ? options.config : undefined;
  const resolved = await resolveConfig(
    flags,
    options.cwd ?? process.cwd(),
    options.env ?? process.env,
    inline,
  );
  // A password the config file held is one no line retort prints may show (../secrets.ts); the CLI
  // already knows the ones on its command line and in the environment.
  registerUrlSecret(resolved.url);
  return options.log ? { ...resolved, log: options.log } : resolved;
}
