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
import { type GlobsMatched, loadModel, type ModelSource } from "./load-model.js";
import { metadataToIr } from "./metadata-to-ir.js";

export type { GlobsMatched, ModelSource } from "./load-model.js";

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
}

/**
 * Loads the entities and converts TypeORM's metadata. Errors in entity files surface here, before any
 * connection.
 */
export async function readRawModel(
  source: ModelSource,
): Promise<{ readonly raw: RawModelData; readonly inputs: ModelInputs }> {
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
  return {
    raw: { schema, defaultSchema, typeormTables },
    inputs: {
      globsMatched: loaded.globsMatched,
      configFiles: tsconfigFilesRead(),
    },
  };
}
