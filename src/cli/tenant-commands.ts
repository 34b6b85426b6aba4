/**
 * The fleet variants of upgrade, downgrade, stamp, current and check (`--tenants`): each command's
 * action hands over here when the flag is given (loaded only then), calls the library's fleet command
 * and prints its report (./tenant-reports.ts), or the JSON.
 */
import type { Command } from "commander";
import { RetortError } from "../errors.js";
import type { FleetRunResult } from "../tenants/fleet-migrate.js";
import { lockTimeoutOf } from "./lock-timeout-option.js";
import { printJson, printLines, projectOptionsOf } from "./shared.js";
import { fleetCheckReport, fleetCurrentReport, fleetRunReport } from "./tenant-reports.js";
import { fleetOptionsOf, refuseWithTenants, type TenantFlags, withFleetProgress } from "./tenants.js";

type MigrateFlags = TenantFlags & { sql?: boolean; lockTimeout?: number };

export async function migrateTenantsCommand(
  name: "upgrade" | "downgrade",
  target: string,
  flags: MigrateFlags,
  command: Command,
): Promise<void> {
  refuseWithTenants(flags, "--sql", flags.sql === true);
  const { upgradeTenants, downgradeTenants } = await import("../commands/migrate-tenants.js");
  const migrate = name === "upgrade" ? upgradeTenants : downgradeTenants;
  const result = await withFleetProgress(name, (onTenant) =>
    migrate({
      ...projectOptionsOf(command),
      ...fleetOptionsOf(flags),
      ...lockTimeoutOf(flags),
      target,
      onTenant,
    }),
  );
  printFleetRun(result, flags.json);
}

export async function stampTenantsCommand(
  revisions: readonly string[],
  flags: TenantFlags & { purge?: boolean; lockTimeout?: number },
  command: Command,
): Promise<void> {
  const { stampTenants } = await import("../commands/migrate-tenants.js");
  const result = await withFleetProgress("stamp", (onTenant) =>
    stampTenants({
      ...projectOptionsOf(command),
      ...fleetOptionsOf(flags),
      ...lockTimeoutOf(flags),
      ...(flags.purge ? { purge: true } : {}),
      revisions,
      onTenant,
    }),
  );
  printFleetRun(result, flags.json);
}

/** `current --tenants`: never fails for tenants behind; only for one that could not be read. */
export async function currentTenantsCommand(flags: TenantFlags, command: Command): Promise<void> {
  const { currentTenants } = await import("../commands/current-tenants.js");
  const current = await withFleetProgress("current", (onTenant) =>
    currentTenants({ ...projectOptionsOf(command), ...fleetOptionsOf(flags), onTenant }),
  );
  if (flags.json) printJson(current);
  else printLines(fleetCurrentReport(current));
  const unread = current.tenants.filter((t) => t.at === null).map((t) => t.tenant);
  if (unread.length > 0)
    throw new RetortError(`Could not read ${unread.length} tenant(s): ${unread.join(", ")}`);
}

/** `check --tenants`: exit 1 when a tenant differs from the models, is behind, or could not be compared. */
export async function checkTenantsCommand(flags: TenantFlags, command: Command): Promise<void> {
  const { checkTenants } = await import("../commands/check-tenants.js");
  const check = await withFleetProgress("check", (onTenant) =>
    checkTenants({ ...projectOptionsOf(command), ...fleetOptionsOf(flags), onTenant }),
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
