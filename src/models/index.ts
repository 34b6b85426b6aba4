import type pg from "pg";
import type { Schema } from "../schema/ir.js";
import { canonicalise } from "./canonicalise.js";
import { loadModel, type ModelSource } from "./load-model.js";
import { metadataToIr } from "./metadata-to-ir.js";

export type { ModelSource } from "./load-model.js";

/** The model as TypeORM spells it, with the schema its tables default to. Needs no database. */
export interface RawModel {
  readonly schema: Schema;
  readonly defaultSchema: string;
  /** TypeORM's own bookkeeping tables: other tools' tables that retort must never drop. */
  readonly typeormTables: readonly string[];
}

/** Loads the entities and converts TypeORM's metadata. Errors in entity files surface here, before any connection. */
export async function loadRawModel(source: ModelSource): Promise<RawModel> {
  const loaded = await loadModel(source);
  const defaultSchema = (loaded.dataSource.options.schema as string | undefined) ?? "public";
  const { options } = loaded.dataSource;
  const typeormTables = [
    (options.migrationsTableName as string | undefined) ?? "migrations",
    (options.metadataTableName as string | undefined) ?? "typeorm_metadata",
  ];
  return { schema: metadataToIr(loaded), defaultSchema, typeormTables };
}

/** The model in PostgreSQL's canonical spelling, read back through `client`'s server. */
export function canonicaliseModel(client: pg.ClientBase, raw: RawModel): Promise<Schema> {
  return canonicalise(client, raw.schema, raw.defaultSchema);
}

/** Both steps: the schema the application's entities declare, canonical. */
export async function readModelSchema(source: ModelSource, client: pg.ClientBase): Promise<Schema> {
  return canonicaliseModel(client, await loadRawModel(source));
}
