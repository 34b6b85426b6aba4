import path from "node:path";
import type pg from "pg";
import { tsconfigFilesRead } from "../loader/tsconfig-paths.js";
import type { Schema } from "../schema/ir.js";
import { timed } from "../timings.js";
import { canonicalise } from "./canonicalise.js";
import { checkDuplicateTables } from "./duplicate-tables.js";
import { fileExporting } from "./entity-files.js";
import { fitIdentifiers } from "./identifier-limits.js";
import { loadModel, type ModelSource } from "./load-model.js";
import { metadataToIr } from "./metadata-to-ir.js";
import { ModelCache } from "./model-cache.js";

export type { ModelSource } from "./load-model.js";

/** The model as TypeORM spells it, with the schema its tables default to. Needs no database. */
export interface RawModel {
  readonly schema: Schema;
  readonly defaultSchema: string;
  /** TypeORM's own bookkeeping tables: other tools' tables that retort must never drop. */
  readonly typeormTables: readonly string[];
  /** The model cache this came from or goes to (when `source.cacheDir` is set), see ./model-cache.ts. */
  readonly cache?: ModelCache;
}

/**
 * Loads the entities and converts TypeORM's metadata. Errors in entity files surface here, before any
 * connection. With `source.cacheDir`, an entry whose inputs are unchanged is returned instead, and
 * neither TypeORM nor the entities are loaded.
 */
export async function loadRawModel(source: ModelSource): Promise<RawModel> {
  const cacheDir = source.cacheDir;
  const cache = cacheDir
    ? await timed("model cache: lookup", () => ModelCache.open({ ...source, cacheDir }))
    : undefined;
  const cached = cache ? await timed("model cache: lookup", () => cache.fresh()) : undefined;
  if (cache && cached) return { ...cached, cache };

  const loaded = await loadModel(source);
  const defaultSchema = (loaded.dataSource.options.schema as string | undefined) ?? "public";
  const { options } = loaded.dataSource;
  const typeormTables = [
    (options.migrationsTableName as string | undefined) ?? "migrations",
    (options.metadataTableName as string | undefined) ?? "typeorm_metadata",
  ];
  const fileOf = (target: unknown) => {
    const file = fileExporting(target);
    return file && (path.relative(source.cwd, file) || file);
  };
  // Before any SQL: PostgreSQL would only say `relation "x" already exists`, naming neither definition.
  checkDuplicateTables(loaded.dataSource.entityMetadatas, defaultSchema, fileOf);
  // Names as PostgreSQL will store them (63 bytes), so that a long entity name is not a phantom diff.
  const schema = await timed("converting metadata", () => fitIdentifiers(metadataToIr(loaded, fileOf)));
  if (cache) {
    await timed("model cache: recording inputs", () =>
      cache.recordInputs(loaded.entityGlobs, tsconfigFilesRead()),
    );
    return { schema, defaultSchema, typeormTables, cache };
  }
  return { schema, defaultSchema, typeormTables };
}

/** The model in PostgreSQL's canonical spelling, read back through `client`'s server. */
export function canonicaliseModel(client: pg.ClientBase, raw: RawModel): Promise<Schema> {
  const { cache, ...data } = raw;
  return timed("canonicalising", () =>
    cache ? cache.canonical(client, data) : canonicalise(client, raw.schema, raw.defaultSchema),
  );
}

/** Both steps: the schema the application's entities declare, canonical. */
export async function readModelSchema(source: ModelSource, client: pg.ClientBase): Promise<Schema> {
  return canonicaliseModel(client, await loadRawModel(source));
}
