/**
 * Loads the application's entities and lets TypeORM build its own metadata, without connecting: from
 * entity files (globs of .ts/.js) or from a module exporting a DataSource. With both, the globs replace
 * the DataSource's entity list while its other options (naming strategy, uuidExtension, schema) apply.
 * A DataSource's own globs are expanded here and loaded through retort's loader (./entity-files.ts).
 */
import path from "node:path";
import { RetortError } from "../errors.js";
import { withCodeCache } from "../loader/code-cache.js";
import { forgetSourcesRead } from "../loader/sources-read.js";
import { forgetChangedModules, noteAllLoaded } from "../loader/stale-modules.js";
import { flushTranspileCache, pretranspile } from "../loader/transpile.js";
import { useTsconfig } from "../loader/tsconfig-paths.js";
import { forgetPreparedModules, importModule, isPrepared, prepareModules } from "../loader/typescript.js";
import { timed } from "../timings.js";
import { buildMetadata } from "./build-metadata.js";
import { entityFiles, fileExporting, loadEntityClasses, noEntityFiles } from "./entity-files.js";
import { type PartialPlan, type PreviousModel, planPartialBuild } from "./partial-model.js";
import { type DataSourceLike, isDataSource, loadTypeorm } from "./typeorm-module.js";

/** The timing phase of a partial build (./partial-model.ts), apart from a whole one's "building metadata". */
export const PARTIAL_BUILD = "building metadata (in part)";

export interface ModelSource {
  /** Globs of entity files, relative to `cwd`. */
  readonly entities?: readonly string[];
  /** A module exporting a TypeORM DataSource. */
  readonly dataSource?: string;
  readonly cwd: string;
  /** The tsconfig whose `baseUrl`/`paths` apply to every file; none: the one nearest each file. */
  readonly tsconfig?: string;
  /**
   * Globs expanded moments ago, with their matches (the model cache's lookup, which found the model
   * changed): not expanded again. The load records them as its inputs, so a file added in between
   * is a change the next run sees.
   */
  readonly globbed?: readonly GlobsMatched[];
  /**
   * The project modules the previous load of this model ran (the model cache's entry, which found the
   * model changed): compiled ahead in groups (../loader/typescript.ts `prepareModules`) before the
   * DataSource or the entities load, whichever of them imports them.
   */
  readonly modulesBefore?: readonly string[];
  /** The previous build, for a partial one (./partial-model.ts): the model cache's entry, which found files changed. */
  readonly previous?: PreviousModel;
}

export interface LoadedModel {
  readonly dataSource: DataSourceLike;
  readonly typeorm: ReturnType<typeof loadTypeorm>;
  /** Each list of globs the load expanded (the source's, the DataSource's), with the files it matched. */
  readonly globsMatched: readonly GlobsMatched[];
  /** The entities the DataSource was given, and the decorators' storage they were recorded in. */
  readonly entities: readonly unknown[];
  readonly storage: unknown;
  /** The options the DataSource was made with. */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * Set when `dataSource` holds only the entities of a partial build: the plan, and the full build
   * to fall back on.
   */
  readonly partial?: { readonly plan: PartialPlan; readonly buildWhole: () => Promise<LoadedModel> };
}

export interface GlobsMatched {
  readonly patterns: readonly string[];
  readonly matches: readonly string[];
}

/** The matches `source.globbed` holds for exactly these patterns, if any. */
function globbedBefore(source: ModelSource, patterns: readonly string[]): readonly string[] | undefined {
  const same = (a: readonly string[]) => a.length === patterns.length && a.every((p, i) => p === patterns[i]);
  return source.globbed?.find((glob) => same(glob.patterns))?.matches;
}

export function loadModel(source: ModelSource): Promise<LoadedModel> {
  return withCodeCache(async () => {
    forgetPreparedModules();
    try {
      return await loadModelCompiled(source);
    } finally {
      forgetPreparedModules();
    }
  });
}

async function loadModelCompiled(source: ModelSource): Promise<LoadedModel> {
  if (!source.entities?.length && !source.dataSource) {
    throw new RetortError(
      "No entities configured: pass --entities <glob> or --data-source <file>, or set entities/dataSource in retort.config.ts",
    );
  }
  useTsconfig(source.tsconfig);
  // A second load in this process (the library's autogenerate after an edit) sees the edit.
  forgetChangedModules();
  forgetSourcesRead();
  const typeorm = await timed("loading typeorm", () => loadTypeorm(source.cwd));
  const modulesBefore = source.modulesBefore ?? [];
  if (modulesBefore.length > 0) {
    await timed("preparing project modules", async () => {
      await pretranspile(modulesBefore);
      prepareModules(modulesBefore, "project modules");
    });
  }
  let options: Record<string, unknown> = {};
  let entityGlobs: string[] = [];
  const globsMatched: GlobsMatched[] = [];
  if (source.dataSource) {
    const file = path.resolve(source.cwd, source.dataSource);
    options = { ...(await timed("loading entities", () => loadDataSource(file))).options };
  }
  if (source.entities?.length) {
    const patterns = source.entities;
    const files = globbedBefore(source, patterns) ?? (await entityFiles(patterns, source.cwd));
    if (files.length === 0) throw noEntityFiles(patterns, source.cwd, "");
    globsMatched.push({ patterns, matches: files });
    options.entities = await timed("loading entities", async () => {
      await pretranspile(files.filter((file) => !isPrepared(file)));
      return loadEntityClasses(files);
    });
  } else if (options.entities) {
    const listed = Object.values(options.entities as Record<string, unknown>);
    entityGlobs = listed.filter((entry): entry is string => typeof entry === "string");
    if (entityGlobs.length > 0) {
      const files = globbedBefore(source, entityGlobs) ?? (await entityFiles(entityGlobs, source.cwd));
      if (files.length === 0) throw noEntityFiles(entityGlobs, source.cwd, " (the DataSource's entities)");
      globsMatched.push({ patterns: entityGlobs, matches: files });
      const classes = await timed("loading entities", async () => {
        await pretranspile(files.filter((file) => !isPrepared(file)));
        return loadEntityClasses(files);
      });
      options.entities = [...listed.filter((entry) => typeof entry !== "string"), ...classes];
    }
  }
  flushTranspileCache();
  noteAllLoaded();
  if (options.type && options.type !== "postgres") {
    throw new RetortError(
      `The DataSource's type is '${String(options.type)}': retort supports only postgres`,
    );
  }
  // TypeORM takes a list or an object of entities (and globs, expanded above).
  const listed = options.entities;
  const entities: readonly unknown[] = Array.isArray(listed)
    ? listed
    : typeof listed === "object" && listed !== null
      ? Object.values(listed)
      : [];
  const storage = typeorm.getMetadataArgsStorage?.();
  const built = { typeorm, globsMatched, entities, storage, options };
  const buildWhole = async (): Promise<LoadedModel> => {
    const dataSource = dataSourceOf(typeorm, options);
    try {
      await timed("building metadata", () => buildMetadata(typeorm, dataSource));
    } catch (error) {
      throw metadataBuildError(error, entities);
    }
    return { ...built, dataSource };
  };
  const plan = source.previous
    ? await timed("planning a partial build", () =>
        planPartialBuild(source.previous, {
          entities,
          storage,
          options,
          ...(source.dataSource ? { dataSourceFile: path.resolve(source.cwd, source.dataSource) } : {}),
        }),
      )
    : undefined;
  if (plan) {
    const dataSource = dataSourceOf(typeorm, options, plan.entities);
    try {
      await timed(PARTIAL_BUILD, () => buildMetadata(typeorm, dataSource, plan.stubs));
      return { ...built, dataSource, partial: { plan, buildWhole } };
    } catch {
      // The part does not build on its own (a stub without its relations, say): the whole reports.
    }
  }
  return buildWhole();
}

/**
 * Nothing here connects: buildMetadatas() only reads decorator metadata. Migrations and subscribers
 * are the application's runtime concern, not the schema's: their globs are never loaded.
 */
function dataSourceOf(
  typeorm: ReturnType<typeof loadTypeorm>,
  options: Record<string, unknown>,
  entities?: readonly unknown[],
): DataSourceLike {
  return new typeorm.DataSource({
    ...options,
    ...(entities ? { entities } : {}),
    type: "postgres",
    migrations: [],
    subscribers: [],
    synchronize: false,
  });
}

/**
 * TypeORM's own message, with the file of each entity it names (`Post#author` → Post's file), and the
 * likely cause when the entity files alone are not the model.
 */
function metadataBuildError(error: unknown, entities: readonly unknown[]): RetortError {
  const message = (error as Error)?.message ?? String(error);
  const words = new Set(message.split(/[^\w$]+/));
  const named = entities
    .filter((entity): entity is { name: string } => typeof entity === "function" && entity.name.length > 0)
    .filter((entity) => words.has(entity.name))
    .map((entity) => {
      const file = fileExporting(entity);
      return file ? `${entity.name} is in ${path.relative(process.cwd(), file) || file}` : undefined;
    })
    .filter((line) => line !== undefined);
  return new RetortError(
    [
      `TypeORM could not build the entity metadata: ${message.split("\n")[0]}`,
      ...(named.length > 0 ? [`  (${named.join("; ")})`] : []),
      "  If the application changes its entities at start-up (plugins, a configurable id type), point",
      "  --data-source at a module that runs that set-up first: see docs/configuration.md#start-up-set-up",
    ].join("\n"),
    { cause: error },
  );
}

/** The DataSource a module exports: its default export (or the promise of one), or its only DataSource export. */
export async function loadDataSource(file: string): Promise<DataSourceLike> {
  const module = await importModule(file);
  // A start-up that must await something exports the promise of its DataSource (docs/configuration.md).
  const defaultExport = await module.default;
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
