/**
 * `retort init`: a commented retort.config.ts that works as is, and an empty migrations directory.
 * Points at the project's TypeORM DataSource module when it has one under src/, else at the entity
 * files found there (./find-models.ts).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { RetortError } from "../errors.js";
import { findModels } from "./find-models.js";

export interface InitResult {
  readonly configFile: string;
  readonly migrationsDir: string;
  /** The DataSource module the config points at, relative to the project. */
  readonly dataSource?: string;
  /** The entity globs the config lists (none when a DataSource was found, or nothing was). */
  readonly entities: readonly string[];
}

/** Not a project's options: there is no config to resolve yet. */
export interface InitOptions {
  /** The project directory. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** The migrations directory, relative to `cwd`. Default: `migrations`. */
  readonly migrations?: string;
}

export async function init(options: InitOptions = {}): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const migrations = options.migrations ?? "migrations";
  const configFile = path.join(cwd, "retort.config.ts");
  if (existsSync(configFile)) throw new RetortError(`${configFile} already exists`);
  const migrationsDir = path.resolve(cwd, migrations);
  if (existsSync(migrationsDir) && (await readdir(migrationsDir)).length > 0) {
    throw new RetortError(`Directory ${migrationsDir} already exists and is not empty`);
  }
  const found = await findModels(cwd);
  const entities = found.dataSource ? [] : found.entities;
  await mkdir(migrationsDir, { recursive: true });
  await writeFile(
    configFile,
    configTemplate(path.relative(cwd, migrationsDir) || ".", found.dataSource, entities),
  );
  return {
    configFile,
    migrationsDir,
    ...(found.dataSource ? { dataSource: found.dataSource } : {}),
    entities,
  };
}

function configTemplate(
  migrations: string,
  dataSource: string | undefined,
  entities: readonly string[],
): string {
  const models = dataSource
    ? [
        "  // A module exporting your TypeORM DataSource: its entities, naming strategy and schema are used.",
        `  dataSource: ${JSON.stringify(`./${dataSource}`)},`,
        "  // Or entity files directly (globs, relative to this file); these override the DataSource's list:",
        '  // entities: ["src/**/*.entity.ts"],',
      ]
    : entities.length > 0
      ? [
          "  // Entity files (globs, relative to this file), .ts or .js.",
          `  entities: [${entities.map((glob) => JSON.stringify(glob)).join(", ")}],`,
          "  // Or a module exporting your TypeORM DataSource (its entities and naming strategy are used):",
          '  // dataSource: "./src/data-source.ts",',
        ]
      : [
          "  // No entity files and no DataSource were found under src/: name one of them here.",
          "  // Entity files (globs, relative to this file), .ts or .js:",
          '  // entities: ["src/entity/**/*.ts"],',
          "  // Or a module exporting your TypeORM DataSource (its entities and naming strategy are used):",
          '  // dataSource: "./src/data-source.ts",',
        ];
  return [
    'import type { RetortConfig } from "retort";',
    "",
    "const config: RetortConfig = {",
    "  // PostgreSQL URL. When unset, retort uses --url, then $DATABASE_URL, then an embedded PostgreSQL",
    "  // (PGlite) kept in .retort/ next to this file.",
    '  // url: "postgresql://postgres@localhost:5432/app",',
    ...models,
    "  // Where migration files live.",
    `  migrations: ${JSON.stringify(`./${migrations}`)},`,
    "",
    "  // What autogenerate compares. The schemas it reads besides the ones your entities name; the first",
    "  // is the one `op.*` calls use when they name none.",
    '  // schemas: ["public"],',
    "  // Tables retort leaves alone (never created, altered or dropped): globs on the table name, or on",
    "  // schema.table when they contain a dot. includeTables keeps only the matching ones.",
    '  // excludeTables: ["legacy_*", "audit.*"],',
    '  // includeTables: ["app_*"],',
    "  // Schemas retort leaves alone, even when an entity names one.",
    '  // excludeSchemas: ["reporting"],',
    "  // The last word, after the globs: return false to leave an object alone.",
    '  // includeObject: (name, kind, schema) => !(kind === "table" && name.startsWith("tmp_")),',
    "",
    "  // Where retort records the revision(s) the database is at.",
    '  // versionTable: "retort_version",',
    '  // versionTableSchema: "public",',
    "",
    "  // New migration files: the name ({rev}, {slug}, {year}, {month}, {day}, {hour}, {minute}, {second},",
    "  // {epoch}) and the layout (a function of the rendered parts, or a text file with {{header}},",
    "  // {{imports}}, {{exports}}, {{upgrade}} and {{downgrade}} placeholders).",
    '  // fileName: "{rev}_{slug}",',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal in the written config file
    "  // template: (parts) => `// Reviewed by:\\n${parts.header}\\n${parts.imports}\\n\\n${parts.exports}\\n\\n${parts.upgrade}\\n\\n${parts.downgrade}\\n`,",
    "};",
    "",
    "export default config;",
    "",
  ].join("\n");
}
