/**
 * `upgrade`, `downgrade` and `stamp` with `--tenants`: the target read once for the whole fleet (a typo
 * fails the command, not every tenant), then each tenant planned from its own version table.
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { RetortError } from "../errors.js";
import { downgradeSteps, upgradeSteps } from "../graph/steps.js";
import { logLine } from "../log.js";
import { MIGRATION_LOGGER } from "../runner/logger-names.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import {
  type FleetMigrateOptions,
  type FleetRunResult,
  type FleetStampOptions,
  migrateFleet,
  stampFleet,
} from "./fleet-migrate.js";

export async function upgradeTenants(
  config: ResolvedConfig,
  target: string,
  options: FleetMigrateOptions = {},
): Promise<FleetRunResult> {
  const scripts = await loadScriptDirectory(config.migrationsDir);
  // From base: an unknown revision or several heads for `head` fail here, once.
  upgradeSteps(scripts.map, [], target);
  return migrateFleet(
    config,
    scripts,
    "upgrade",
    (heads) => upgradeSteps(scripts.map, heads, target),
    options,
  );
}

export async function downgradeTenants(
  config: ResolvedConfig,
  target: string,
  options: FleetMigrateOptions = {},
): Promise<FleetRunResult> {
  const scripts = await loadScriptDirectory(config.migrationsDir);
  // A relative target (`-1`, `<rev>-1`) depends on each tenant's heads; a named one must exist.
  if (target !== "base" && !target.includes("-")) scripts.map.resolveMany(target);
  const warn = (message: string) => options.log?.(logLine("WARNING", MIGRATION_LOGGER, message));
  return migrateFleet(
    config,
    scripts,
    "downgrade",
    (heads) => downgradeSteps(scripts.map, heads, target, { warn }),
    options,
  );
}

export async function stampTenants(
  config: ResolvedConfig,
  revisions: readonly string[],
  options: FleetStampOptions = {},
): Promise<FleetRunResult> {
  const scripts = await loadScriptDirectory(config.migrationsDir);
  for (const revision of revisions) scripts.map.resolveMany(revision);
  if (revisions.length === 0) throw new RetortError("stamp needs at least one revision");
  return stampFleet(config, scripts, revisions, options);
}
