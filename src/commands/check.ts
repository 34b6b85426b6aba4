/**
 * `retort check`: would autogenerate produce anything? For CI: the database must be at the head(s),
 * and the models must then need no operation.
 */
import type { ResolvedConfig } from "../config/load-config.js";
import type { Operation } from "../ops/operations.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { ensureDatabaseAt } from "./autogenerate-guard.js";
import { compareModelToDatabase } from "./compare.js";
import { loadRawModel } from "../models/index.js";
import { modelSourceOf } from "./model-source.js";
import { withConnection } from "./with-connection.js";

export interface CheckResult {
  readonly operations: readonly Operation[];
  /** One "Detected ..." line per finding. */
  readonly detections: readonly string[];
}

export async function check(config: ResolvedConfig): Promise<CheckResult> {
  const model = await loadRawModel(modelSourceOf(config));
  const scripts = await loadScriptDirectory(config.migrationsDir);
  return withConnection(config, async (client) => {
    await ensureDatabaseAt(client, scripts.map, scripts.map.heads);
    const { operations, detections } = await compareModelToDatabase(client, model, {
      schemas: config.schemas,
      versionTable: config.versionTable,
    });
    return { operations, detections };
  });
}
