/**
 * The model reader: the application's entities, loaded and converted into the IR as TypeORM spells
 * it. It needs no database; PostgreSQL's spelling of the same model is the next stage's job
 * (src/canonicalise).
 */
import path from "node:path";
import { tsconfigFilesRead } from "../loader/tsconfig-paths.js";
import type { Schema } from "../schema/ir.js";
import { timed } from "../timings.js";
import { checkDuplicateTables } from "./duplicate-tables.js";
import { fileExporting } from "./entity-files.js";
import { fitIdentifiers } from "./identifier-limits.js";
import { type GlobsMatched, type LoadedModel, loadModel, type ModelSource } from "./load-model.js";
import { conversionContext, convertMetadatas } from "./metadata-to-ir.js";
import { assemblePartialModel, type ModelPieces, piecesOfFullBuild } from "./partial-model.js";

export type { GlobsMatched, ModelSource } from "./load-model.js";
export type { ModelPieces, PreviousModel } from "./partial-model.js";

/** The model as TypeORM spells it, with the schema its tables default to. */
export interface RawModelData {
  readonly schema: Schema;
  readonly defaultSchema: string;
  /** TypeORM's own bookkeeping tables: other tools' tables that retort must never drop. */
  readonly typeormTables: readonly string[];
}

/** What the model was read from besides the source's own files: what a cache of it must watch. */
export interface ModelInputs {
  /** The entity globs the load expanded (the source's, or the DataSource's own), with what they matched. */
  readonly globsMatched: readonly GlobsMatched[];
  /** The tsconfig files read to resolve the entities' imports. */
  readonly configFiles: readonly string[];
  /**
   * What the next build may rebuild in part from (./partial-model.ts; undefined when it may not),
   * made when asked: for a whole build it is a digest of every entity's decorator records, which the
   * model cache makes while the server canonicalises the model.
   */
  readonly pieces?: () => ModelPieces | undefined;
}

/**
 * Loads the entities and converts TypeORM's metadata. Errors in entity files surface here, before any
 * connection.
 */
export async function readRawModel(
  source: ModelSource,
): Promise<{ readonly raw: RawModelData; readonly inputs: ModelInputs }> {
  let loaded = await loadModel(source);
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
  const inputsWith = (pieces: (() => ModelPieces | undefined) | undefined): ModelInputs => ({
    globsMatched: loaded.globsMatched,
    configFiles: tsconfigFilesRead(),
    ...(pieces ? { pieces } : {}),
  });
  if (loaded.partial && source.previous) {
    const { plan, buildWhole } = loaded.partial;
    const previous = source.previous;
    const context = conversionContext(loaded, fileOf);
    const partial = await timed("converting metadata", () =>
      assemblePartialModel(plan, previous, loaded.dataSource.entityMetadatas, context),
    );
    if (partial)
      return {
        raw: { schema: partial.schema, defaultSchema, typeormTables },
        inputs: inputsWith(() => partial.pieces),
      };
    loaded = await buildWhole();
  }
  // Before any SQL: PostgreSQL would only say `relation "x" already exists`, naming neither definition.
  checkDuplicateTables(loaded.dataSource.entityMetadatas, defaultSchema, fileOf);
  // Names as PostgreSQL will store them (63 bytes), so that a long entity name is not a phantom diff.
  const { schema, pieces } = await timed("converting metadata", () => convertWhole(loaded, fileOf));
  return { raw: { schema, defaultSchema, typeormTables }, inputs: inputsWith(pieces) };
}

/** Every metadata converted (./metadata-to-ir.ts), with what a partial build may start from next time. */
function convertWhole(
  loaded: LoadedModel,
  fileOf: (target: unknown) => string | undefined,
): { schema: Schema; pieces: () => ModelPieces | undefined } {
  const converted = convertMetadatas(loaded, fileOf);
  const schema = fitIdentifiers(converted.schema);
  const { entityMetadatas } = loaded.dataSource;
  return {
    schema,
    pieces: () => piecesOfFullBuild(loaded, entityMetadatas, converted.pieces, converted.schema, schema),
  };
}
