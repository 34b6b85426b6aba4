/**
 * What a `retort.config.ts` may say. Every field is optional; command-line flags override the ones they
 * name (see ./load-config.ts).
 *
 *   import type { RetortConfig } from "retort";
 *   export default { entities: ["src/entity/**\/*.ts"], migrations: "migrations" } satisfies RetortConfig;
 *
 * `defineConfig` types it the same way, but as a value import it needs `retort` installed in the project;
 * `import type` is erased when the config is loaded. ./config-schema.ts checks the same fields at run time.
 */
import type { MigrationTemplate } from "./migration-template.js";

/** The kinds of object the filters see: what autogenerate creates, alters and drops as a whole. */
export type FilteredObjectKind = "table" | "view" | "enum" | "sequence";

/**
 * Alembic's `include_object`, reduced to what a TypeScript user needs: return false to leave an object
 * out of autogenerate on both sides (models and database), so it is neither created nor dropped.
 */
export type IncludeObject = (name: string, kind: FilteredObjectKind, schema: string) => boolean;

/**
 * One tenant of a fleet (docs/tenants.md): a schema in the main database, migrated with that schema as
 * the one `op.*` calls use when they name none, or a database of its own, migrated like any database.
 */
export type TenantSpec =
  | { readonly name: string; readonly schema: string }
  | { readonly name: string; readonly url: string };

/**
 * Where the tenants come from: a list, a function returning one (read when a command needs it), or a
 * query run on the main database whose rows have `name` and either `schema` or `url`.
 */
export type TenantsSetting =
  | readonly TenantSpec[]
  | (() => readonly TenantSpec[] | Promise<readonly TenantSpec[]>)
  | { readonly sql: string };

export interface RetortConfig {
  /** PostgreSQL URL. Otherwise `--url`, then $DATABASE_URL, then the embedded database in `.retort/`. */
  readonly url?: string;
  /** Entity files (globs), relative to the config file. */
  readonly entities?: string | readonly string[];
  /** A module exporting a TypeORM DataSource, relative to the config file. */
  readonly dataSource?: string;
  /**
   * The tsconfig whose `baseUrl` and `paths` resolve the models' imports (`src/user/user.entity`,
   * `@app/*`), relative to the config file. Default: the tsconfig.json nearest each file.
   */
  readonly tsconfig?: string;
  /** The migrations directory, relative to the config file. Default "./migrations". */
  readonly migrations?: string;
  /**
   * The schemas autogenerate reads from the database, besides the ones the models name. Default
   * ["public"]; the first one is the schema `op.*` calls use when they name none.
   */
  readonly schemas?: readonly string[];
  /** Only tables matching one of these globs (`user*`, or `audit.*` with a schema) are compared. */
  readonly includeTables?: readonly string[];
  /** Tables matching one of these globs are left alone: never created, altered or dropped. */
  readonly excludeTables?: readonly string[];
  /** Objects in schemas matching these globs are left alone, even when the models name them. */
  readonly excludeSchemas?: readonly string[];
  /** A predicate applied after the globs: false leaves the object alone. */
  readonly includeObject?: IncludeObject;
  /** The version table's name. Default "retort_version". */
  readonly versionTable?: string;
  /** The version table's schema. Default "public". */
  readonly versionTableSchema?: string;
  /**
   * How a new migration file is laid out: a function of the rendered parts, or the path (relative to
   * the config file) of a text file with `{{header}}`, `{{imports}}`, `{{exports}}`, `{{upgrade}}`,
   * `{{downgrade}}` placeholders. Default: the layout in shared/design.md.
   */
  readonly template?: string | MigrationTemplate;
  /**
   * The new file's name, without the extension: `{rev}`, `{slug}`, and the create date as `{year}`,
   * `{month}`, `{day}`, `{hour}`, `{minute}`, `{second}` (zero-padded) or `{epoch}`. Default
   * "{rev}_{slug}"; "{year}{month}{day}_{rev}_{slug}" sorts files by date.
   */
  readonly fileName?: string;
  /** The tenants `--tenants` selects from (docs/tenants.md). */
  readonly tenants?: TenantsSetting;
  /**
   * The tenant whose schema `revision --autogenerate` compares the models with when there are tenants.
   * Default: the first one.
   */
  readonly tenantReference?: string;
}

/** Returns its argument: it exists so an editor can type-check and complete a config file. */
export function defineConfig(config: RetortConfig): RetortConfig {
  return config;
}
