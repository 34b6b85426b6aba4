/** `retort downgrade <target>`: revert the applied migrations above the target, newest first. */
import type { ResolvedConfig } from "../config/load-config.js";
import { downgradeSteps } from "../graph/steps.js";
import { logLine } from "../log.js";
import { MIGRATION_LOGGER, runMigrations } from "../runner/runner.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { type MigrateOptions, type MigrateResult, rejectOfflineMode } from "./migrate-options.js";
import { withConnection } from "./with-connection.js";

export async function downgrade(
  config: ResolvedConfig,
  target: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  rejectOfflineMode(target, options);
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const warn = (message: string) => options.log?.(logLine("WARNING", MIGRATION_LOGGER, message));
  const steps = await withConnection(config, (client) =>
    runMigrations(client, scripts, (heads) => downgradeSteps(scripts.map, heads, target, { warn }), {
      ...(options.log ? { log: options.log } : {}),
      defaultSchema: config.schemas[0] ?? "public",
    }),
  );
  return { steps };
}
