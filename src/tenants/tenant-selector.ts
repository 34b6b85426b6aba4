/**
 * `--tenants`: `all`, or a comma-separated list of names and globs (`acme`, `eu-*`, `acme,globex`),
 * matched with the config's own glob rules (`*` any run of characters, `?` one; ../config/object-filter.ts)
 * rather than a new dependency. A name without a wildcard must name a tenant: a typo in a deploy
 * script should fail, not migrate nothing.
 */
import { globMatches } from "../config/object-filter.js";
import { RetortError } from "../errors.js";
import type { Tenant } from "./tenant.js";

export function selectTenants(tenants: readonly Tenant[], selector: string): Tenant[] {
  const patterns = selector
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (patterns.length === 0) throw new RetortError("--tenants needs `all`, names or globs");
  if (patterns.includes("all")) return [...tenants];
  const unknown = patterns.filter((p) => !/[*?]/.test(p) && !tenants.some((t) => t.name === p));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => `'${name}'`).join(", ");
    throw new RetortError(`No tenant named ${listed} (${tenants.length} tenants configured)`);
  }
  const selected = tenants.filter((tenant) => patterns.some((p) => globMatches(p, tenant.name)));
  if (selected.length === 0) throw new RetortError(`--tenants '${selector}' selects no tenant`);
  return selected;
}
