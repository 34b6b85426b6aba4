/**
 * `--tenants` on upgrade, downgrade, stamp, current and check: the flags, and what the fleet variants
 * (./tenant-commands.ts) share. The work is src/tenants/'s; the text is ./tenant-reports.ts's.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { RetortError } from "../errors.js";
import type { FleetOptions } from "../tenants/fleet.js";
import { progressDetail, withProgress } from "./progress.js";

export interface TenantFlags {
  readonly tenants?: string;
  readonly concurrency?: number;
  readonly failFast?: boolean;
  readonly json?: boolean;
}

const TENANTS_HELP = "run on the config's tenants: all, names or globs (acme,eu-*); see docs/tenants.md";

/**
 * `--tenants` and `--concurrency` for every fleet command; `--fail-fast` and `--json` for those that
 * change the fleet (current and check have a `--json` of their own).
 */
export function addTenantOptions(command: Command, changes = true): Command {
  command
    .option("--tenants <selector>", TENANTS_HELP)
    .addOption(
      new Option("--concurrency <n>", "with --tenants: how many tenants at once (default 4)").argParser(
        count,
      ),
    );
  if (!changes) return command;
  return command
    .option("--fail-fast", "with --tenants: start no tenant after the first failure")
    .option("--json", "with --tenants: print the per-tenant results as JSON");
}

export function fleetOptionsOf(flags: TenantFlags): FleetOptions {
  return {
    tenants: flags.tenants ?? "all",
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.failFast ? { failFast: true } : {}),
  };
}

/** Runs a fleet command with a status line saying how far it is: `upgrade: 120 of 500 tenants (4.2 s)`. */
export function withFleetProgress<T>(
  label: string,
  run: (onTenant: NonNullable<FleetOptions["onTenant"]>) => Promise<T>,
): Promise<T> {
  return withProgress(label, () => run((done, total) => progressDetail(`${done} of ${total} tenants`)));
}

/** An option of the plain command that means nothing for a fleet. */
export function refuseWithTenants(flags: TenantFlags, what: string, given: boolean): void {
  if (flags.tenants !== undefined && given) throw new RetortError(`${what} cannot be used with --tenants`);
}

/** The fleet's own options given without `--tenants`: said, rather than ignored. */
export function refuseWithoutTenants(flags: TenantFlags, json = true): void {
  if (flags.tenants !== undefined) return;
  const given = [
    flags.concurrency !== undefined ? "--concurrency" : undefined,
    flags.failFast ? "--fail-fast" : undefined,
    json && flags.json ? "--json" : undefined,
  ].filter((flag) => flag !== undefined);
  if (given.length > 0) throw new RetortError(`${given.join(", ")} needs --tenants`);
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return n;
}
