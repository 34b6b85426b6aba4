/** `retort upgrade <target>`: apply the migrations between the database's heads and the target. */
import type { ResolvedConfig } from "../config/load-config.js";
import { upgradeSteps } from "../graph/steps.js";
import { runMigrations } from "../runner/runner.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { type MigrateOptions, type MigrateResult, rejectOfflineMode } from "./migrate-options.js";
import { withConnection } from "./with-connection.js";

export async function upgrade(
  config: ResolvedConfig,
  target: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  rejectOfflineMode(target, options);
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const steps = await withConnection(config, (client) =>
    runMigrations(client, scripts, (heads) => upgradeSteps(scripts.map, heads, target), {
      ...(options.log ? { log: options.log } : {}),
      defaultSchema: config.schemas[0] ?? "public",
    }),
  );
  return { steps };
}
