import type pg from "pg";
import type { Schema } from "../schema/ir.js";
import { canonicalise } from "./canonicalise.js";
import { loadModel, type ModelSource } from "./load-model.js";
import { metadataToIr } from "./metadata-to-ir.js";

export type { ModelSource } from "./load-model.js";

/** The schema the application's entities declare, in PostgreSQL's canonical spelling. */
export async function readModelSchema(source: ModelSource, client: pg.ClientBase): Promise<Schema> {
  const loaded = await loadModel(source);
  const defaultSchema = (loaded.dataSource.options.schema as string | undefined) ?? "public";
  return canonicalise(client, metadataToIr(loaded), defaultSchema);
}
