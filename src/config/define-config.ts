/**
 * What a `retort.config.ts` may say. Every field is optional; command-line flags override them.
 *
 *   import { defineConfig } from "retort";
 *   export default defineConfig({ entities: ["src/entity/**\/*.ts"], migrations: "migrations" });
 */
export interface RetortConfig {
  /** PostgreSQL URL. Otherwise `--url`, then $DATABASE_URL. */
  readonly url?: string;
  /** Entity files (globs), relative to the config file. */
  readonly entities?: string | readonly string[];
  /** A module exporting a TypeORM DataSource, relative to the config file. */
  readonly dataSource?: string;
  /** The migrations directory, relative to the config file. Default "./migrations". */
  readonly migrations?: string;
  /** The schemas retort manages. Default ["public"]. */
  readonly schemas?: readonly string[];
}

/** Returns its argument: it exists so an editor can type-check and complete a config file. */
export function defineConfig(config: RetortConfig): RetortConfig {
  return config;
}
