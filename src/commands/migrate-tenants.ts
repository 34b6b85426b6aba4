/**
 * `upgrade`, `downgrade` and `stamp` over a fleet of tenants (`--tenants`, docs/tenants.md): an options
 * object in, one result per tenant out, nothing printed. The fleet itself is src/tenants/'s. An
 * application can migrate the tenant it has just signed up, passing the tenant itself:
 *
 *   await upgradeTenants({ tenants: [{ name: "acme", schema: "tenant_acme" }] });
 */
import {
  downgradeFleet,
  type FleetMigrateOptions,
  type FleetRunResult,
  type FleetStampOptions,
  stampFleet,
  upgradeFleet,
} from "../tenants/fleet-migrate.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export interface TenantsOptions extends ProjectOptions, FleetMigrateOptions {}

/** `retort upgrade <target> --tenants ...`: the target defaults to `head`, the tenants to all. */
export async function upgradeTenants(
  options: TenantsOptions & { readonly target?: string } = {},
): Promise<FleetRunResult> {
  return upgradeFleet(await resolveProjectConfig(options), options.target ?? "head", options);
}

/** `retort downgrade <target> --tenants ...`: `-1` counts from each tenant's own revision. */
export async function downgradeTenants(
  options: TenantsOptions & { readonly target: string },
): Promise<FleetRunResult> {
  return downgradeFleet(await resolveProjectConfig(options), options.target, options);
}

/** `retort stamp <revisions> --tenants ...`: records the revision(s) without running anything. */
export async function stampTenants(
  options: TenantsOptions & FleetStampOptions & { readonly revisions: string | readonly string[] },
): Promise<FleetRunResult> {
  const revisions = typeof options.revisions === "string" ? [options.revisions] : options.revisions;
  return stampFleet(await resolveProjectConfig(options), revisions, options);
}
