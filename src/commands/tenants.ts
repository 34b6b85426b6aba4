/**
 * The fleet commands for library callers (`import { upgradeTenants } from "retort"`): an options object
 * in, the per-tenant results out, nothing printed. An application can migrate the tenant it has just
 * signed up, passing the tenant itself:
 *
 *   await upgradeTenants({ tenants: [{ name: "acme", schema: "tenant_acme" }] });
 */

import { checkFleet, type FleetCheck } from "../commands/check-tenants.js";
import { currentFleet, type FleetCurrent } from "../commands/current-tenants.js";
import type { FleetOptions } from "../tenants/fleet.js";
import {
  downgradeFleet,
  type FleetMigrateOptions,
  type FleetRunResult,
  type FleetStampOptions,
  stampFleet,
  upgradeFleet,
} from "../tenants/fleet-migrate.js";
import { type ApiOptions, resolveApiConfig } from "./options.js";

export interface TenantsApiOptions extends ApiOptions, FleetMigrateOptions {}

/** `retort upgrade <target> --tenants ...`; the target defaults to `head`, the tenants to all. */
export async function upgradeTenants(
  options: TenantsApiOptions & { readonly target?: string } = {},
): Promise<FleetRunResult> {
  return upgradeFleet(await resolveApiConfig(options), options.target ?? "head", options);
}

/** `retort downgrade <target> --tenants ...`. */
export async function downgradeTenants(
  options: TenantsApiOptions & { readonly target: string },
): Promise<FleetRunResult> {
  return downgradeFleet(await resolveApiConfig(options), options.target, options);
}

/** `retort stamp <revisions> --tenants ...`. */
export async function stampTenants(
  options: TenantsApiOptions & FleetStampOptions & { readonly revisions: string | readonly string[] },
): Promise<FleetRunResult> {
  const revisions = typeof options.revisions === "string" ? [options.revisions] : options.revisions;
  return stampFleet(await resolveApiConfig(options), revisions, options);
}

/** Where each tenant is, the histogram of revisions, and the tenants not at the head(s). */
export async function currentTenants(options: ApiOptions & FleetOptions = {}): Promise<FleetCurrent> {
  return currentFleet(await resolveApiConfig(options), options);
}

/** Which tenants' schemas differ from the models (a difference is data here, not an error). */
export async function checkTenants(options: ApiOptions & FleetOptions = {}): Promise<FleetCheck> {
  return checkFleet(await resolveApiConfig(options), options);
}
