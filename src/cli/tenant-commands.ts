/**
 * The fleet variants of upgrade, downgrade, stamp, current and check (`--tenants`): each command's
 * action hands over here when the flag is given. Loaded only then.
 */
import type { Command } from "commander";
import { RetortError } from "../errors.js";
import { downgradeFleet, type FleetRunResult, stampFleet, upgradeFleet } from "../tenants/fleet-migrate.js";
import { lockTimeoutOf } from "./lock-timeout-option.js";
import { configFor, printJson, printLines } from "./shared.js";
import { fleetCheckReport, fleetCurrentReport, fleetRunReport } from "./tenant-reports.js";
import { fleetOptionsOf, refuseWithTenants, type TenantFlags, withFleetProgress } from "./tenants.js";

type MigrateFlags = TenantFlags & { sql?: boolean; lockTimeout?: number };

export async function upgradeTenantsCommand(
  target: string,
  flags: MigrateFlags,
  command: Command,
): Promise<void> {
  refuseWithTenants(flags, "--sql", flags.sql === true);
  const config = await configFor(command);
  const result = await withFleetProgress("upgrade", (onTenant) =>
    upgradeFleet(config, target, { ...fleetOptionsOf(flags), ...lockTimeoutOf(flags), onTenant }),
  );
  printFleetRun(result, flags.json);
}

export async function downgradeTenantsCommand(
  target: string,
  flags: MigrateFlags,
  command: Command,
): Promise<void> {
  refuseWithTenants(flags, "--sql", flags.sql === true);
  const config = await configFor(command);
  const result = await withFleetProgress("downgrade", (onTenant) =>
    downgradeFleet(config, target, { ...fleetOptionsOf(flags), ...lockTimeoutOf(flags), onTenant }),
  );
  printFleetRun(result, flags.json);
}

export async function stampTenantsCommand(
  revisions: readonly string[],
  flags: TenantFlags & { purge?: boolean; lockTimeout?: number },
  command: Command,
): Promise<void> {
  const config = await configFor(command);
  const result = await withFleetProgress("stamp", (onTenant) =>
    stampFleet(config, revisions, {
      ...fleetOptionsOf(flags),
      ...lockTimeoutOf(flags),
      ...(flags.purge ? { purge: true } : {}),
      onTenant,
    }),
  );
  printFleetRun(result, flags.json);
}

/** `current --tenants`: never fails for tenants behind; only for one that could not be read. */
export async function currentTenantsCommand(flags: TenantFlags, command: Command): Promise<void> {
  const config = await configFor(command);
  const { currentFleet } = await import("../commands/current-tenants.js");
  const current = await withFleetProgress("current", (onTenant) =>
    currentFleet(config, { ...fleetOptionsOf(flags), onTenant }),
  );
  if (flags.json) printJson(current);
  else printLines(fleetCurrentReport(current));
  const unread = current.tenants.filter((t) => t.at === null).map((t) => t.tenant);
  if (unread.length > 0)
    throw new RetortError(`Could not read ${unread.length} tenant(s): ${unread.join(", ")}`);
}

/** `check --tenants`: exit 1 when a tenant differs from the models, is behind, or could not be compared. */
export async function checkTenantsCommand(flags: TenantFlags, command: Command): Promise<void> {
  const config = await configFor(command);
  const { checkFleet } = await import("../commands/check-tenants.js");
  const check = await withFleetProgress("check", (onTenant) =>
    checkFleet(config, { ...fleetOptionsOf(flags), onTenant }),
  );
  if (flags.json) printJson(check);
  else printLines(fleetCheckReport(check));
  if (check.differing.length > 0) {
    throw new RetortError(
      `${check.differing.length} tenant(s) differ from the models: ${check.differing.join(", ")}`,
    );
  }
}

/** The table or the JSON, then the exit status: 1 when a tenant failed. */
function printFleetRun(result: FleetRunResult, json: boolean | undefined): void {
  if (json) printJson(result);
  else printLines(fleetRunReport(result));
  const failed = result.tenants.filter((t) => t.status === "failed").map((t) => t.tenant);
  if (failed.length > 0) throw new RetortError(`${failed.length} tenant(s) failed: ${failed.join(", ")}`);
}
