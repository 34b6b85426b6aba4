/**
 * Loads the application's entities and lets TypeORM build its own metadata, without connecting: from
 * entity files (globs of .ts/.js) or from a module exporting a DataSource. With both, the globs replace
 * the DataSource's entity list while its other options (naming strategy, uuidExtension, schema) apply.
 */
import path from "node:path";
import { glob } from "tinyglobby";
import { RetortError } from "../errors.js";
import { flushTranspileCache, importModule } from "../loader/typescript.js";
import { timed } from "../timings.js";
import { type DataSourceLike, isDataSource, loadTypeorm } from "./typeorm-module.js";

export interface ModelSource {
  /** Globs of entity files, relative to `cwd`. */
  readonly entities?: readonly string[];
  /** A module exporting a TypeORM DataSource. */
  readonly dataSource?: string;
  readonly cwd: string;
  /** Where the model cache lives (`.retort/cache`); none: no cache. See ./model-cache.ts. */
  readonly cacheDir?: string;
}

export interface LoadedModel {
  readonly dataSource: DataSourceLike;
  readonly typeorm: ReturnType<typeof loadTypeorm>;
}

export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  if (!source.entities?.length && !source.dataSource) {
    throw new RetortError(
      "No entities configured: pass --entities <glob> or --data-source <file>, or set entities/dataSource in retort.config.ts",
    );
  }
  const typeorm = await timed("loading typeorm", () => loadTypeorm(source.cwd));
  let options: Record<string, unknown> = {};
  if (source.dataSource) {
    const file = path.resolve(source.cwd, source.dataSource);
    options = { ...(await timed("loading entities", () => loadDataSource(file))).options };
  }
  if (source.entities?.length) {
    const patterns = source.entities;
    options.entities = await timed("loading entities", () => loadEntityClasses(patterns, source.cwd));
  }
  flushTranspileCache();
  if (options.type && options.type !== "postgres") {
    throw new RetortError(
      `The DataSource's type is '${String(options.type)}': retort supports only postgres`,
    );
  }
  // Nothing here connects: buildMetadatas() only reads decorator metadata. Migrations and
  // subscribers are the application's runtime concern, not the schema's.
  const dataSource = new typeorm.DataSource({
    ...options,
    type: "postgres",
    migrations: [],
    subscribers: [],
    synchronize: false,
  });
  try {
    await timed("building metadata", () => dataSource.buildMetadatas());
  } catch (error) {
    throw new RetortError(`TypeORM could not build the entity metadata: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { dataSource, typeorm };
}

/** The DataSource a module exports: its default export, or its only DataSource export. */
export async function loadDataSource(file: string): Promise<DataSourceLike> {
  const module = await importModule(file);
  const defaultExport = module.default;
  if (isDataSource(defaultExport)) return defaultExport;
  // A CommonJS module compiled from `export default` arrives as { default: { default: ds } }.
  const nestedDefault = (defaultExport as Record<string, unknown> | undefined)?.default;
  if (isDataSource(nestedDefault)) return nestedDefault;
  const named = Object.values(module).filter(isDataSource);
  const unique = [...new Set(named)];
  if (unique.length === 1) return unique[0]!;
  if (unique.length > 1) {
    throw new RetortError(`${file} exports ${unique.length} DataSources; export the one to use as default`);
  }
  throw new RetortError(`${file} does not export a TypeORM DataSource`);
}

function isEntitySchema(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)["@instanceof"] === Symbol.for("EntitySchema")
  );
}

async function loadEntityClasses(patterns: readonly string[], cwd: string): Promise<unknown[]> {
  const files = (
    await glob([...patterns], { cwd, absolute: true, ignore: ["**/*.d.ts", "**/node_modules/**"] })
  ).sort();
  if (files.length === 0) {
    throw new RetortError(`No entity files match ${patterns.map((p) => `'${p}'`).join(", ")} in ${cwd}`);
  }
  const classes: unknown[] = [];
  for (const file of files) {
    const module = await importModule(file);
    // Every exported class is offered (TypeORM keeps those that carry entity decorators), and every
    // EntitySchema, the decorator-free way to declare an entity.
    for (const value of Object.values(module))
      if (typeof value === "function" || isEntitySchema(value)) classes.push(value);
  }
  return classes;
}
