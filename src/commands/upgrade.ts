/**
 * `retort upgrade <target>`: apply the migrations between the database's heads and the target, or with
 * --sql print them as a SQL script (`upgrade <start>:<target> --sql` needs no database).
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import { upgradeSteps } from "../graph/steps.js";
import { runMigrations } from "../runner/runner.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import { type MigrateOptions, type MigrateResult, parseMigrateRange } from "./migrate-options.js";
import { offlineScript } from "./offline-script.js";

export async function upgrade(
  config: ResolvedConfig,
  target: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const range = parseMigrateRange("upgrade", target, options);
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const plan = (heads: readonly string[]) => upgradeSteps(scripts.map, heads, range.target);
  if (options.sql) return offlineScript(config, scripts, range.start, plan, options);
  return withConnection(config, async (client) => {
    const steps = await runMigrations(client, scripts, plan, {
      ...(options.log ? { log: options.log } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.lockTimeoutSeconds !== undefined ? { lockTimeoutSeconds: options.lockTimeoutSeconds } : {}),
      defaultSchema: config.schemas[0] ?? "public",
      versionTable: config.versionTable,
    });
    // Nothing ran: say where the database is rather than nothing at all.
    return steps.length > 0 ? { steps } : { steps, at: await readVersions(client, config.versionTable) };
  });
}
