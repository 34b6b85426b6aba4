/**
 * What every library function accepts: where the project is and how it is configured, as the CLI's
 * global options say it. The config is found and read exactly as the CLI does (src/config), so a deploy
 * script and `npx retort` agree on the database, the migrations and the filters.
 */
import type { AutogenerateOptions } from "../commands/compare.js";
import type { RetortConfig } from "../config/define-config.js";
import { type ConfigFlags, type ResolvedConfig, resolveConfig } from "../config/load-config.js";
import type { Log } from "../log.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";

export interface ApiOptions {
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

export async function resolveApiConfig(options: ApiOptions = {}): Promise<ResolvedConfig> {
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
  return options.log ? { ...resolved, log: options.log } : resolved;
}

/** What `check` and `autogenerate` share: the shadow database (true: the default one) and the policy. */
export function comparisonOptions(
  options: AutogenerateOptions & { readonly shadow?: ShadowOptions | boolean },
): { shadow?: ShadowOptions; autogenerateOptions: AutogenerateOptions } {
  const { renames, ask, online, failOnHazard } = options;
  const shadow = options.shadow === true ? {} : options.shadow || undefined;
  return {
    ...(shadow ? { shadow } : {}),
    autogenerateOptions: {
      ...(renames ? { renames } : {}),
      ...(ask ? { ask } : {}),
      ...(online ? { online } : {}),
      ...(failOnHazard ? { failOnHazard } : {}),
    },
  };
}
