/**
 * `current --tenants`: where the fleet is, as a histogram (each revision, or set of heads, with how many
 * tenants are at it, the head(s) marked) and the stragglers by name: every tenant not at the head(s).
 * Schema tenants come from the one catalog read; a database tenant needs a connection of its own.
 */

import type { RevisionMap } from "../graph/revision-map.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import { type FleetOptions, withFleet } from "../tenants/fleet.js";
import { placementOf, type Tenant } from "../tenants/tenant.js";
import { currentRevisions } from "./current.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export interface TenantPosition {
  readonly tenant: string;
  /** The revisions it is at (empty: base); null when it could not be read (`error` says why). */
  readonly at: readonly string[] | null;
  readonly error?: string;
}

export interface RevisionCount {
  /** The revision, heads joined by ", " for a tenant at several, `<base>` for none. */
  readonly revision: string;
  readonly tenants: number;
  /** The tenants here are at the head(s). */
  readonly head: boolean;
}

export interface FleetCurrent {
  /** Most tenants first. */
  readonly revisions: readonly RevisionCount[];
  /** The tenants not at the head(s), by name. */
  readonly stragglers: readonly TenantPosition[];
  /** Every selected tenant, by name. */
  readonly tenants: readonly TenantPosition[];
}

export async function currentTenants(options: ProjectOptions & FleetOptions = {}): Promise<FleetCurrent> {
  const config = await resolveProjectConfig(options);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const positions = await withFleet(config, options, async (fleet) => {
    const known = await fleet.schemaVersions();
    const read = new Map<string, TenantPosition>();
    for (const tenant of fleet.tenants) {
      const versions = known.get(tenant.name);
      if (versions) read.set(tenant.name, positionOf(map, tenant, versions.versions));
    }
    const others = fleet.tenants.filter((t) => !read.has(t.name));
    const { results } = await fleet.each(others, {
      run: async (tenant, client) =>
        positionOf(map, tenant, await readVersions(client, placementOf(tenant, config).versionTable)),
      failed: (tenant, error) => ({ tenant: tenant.name, at: null, error: (error as Error).message }),
      notStarted: (tenant) => ({ tenant: tenant.name, at: null, error: "not read (interrupted)" }),
      isFailure: (position) => position.at === null,
    });
    for (const position of results) read.set(position.tenant, position);
    return fleet.tenants.map((t) => read.get(t.name)!);
  });
  return summarise(map, positions);
}

function positionOf(map: RevisionMap, tenant: Tenant, versions: readonly string[]): TenantPosition {
  try {
    return { tenant: tenant.name, at: currentRevisions(map, versions) };
  } catch (error) {
    // A row naming a revision no migration file has: say so for this tenant, go on with the others.
    return { tenant: tenant.name, at: null, error: (error as Error).message };
  }
}

function summarise(map: RevisionMap, positions: readonly TenantPosition[]): FleetCurrent {
  const heads = [...map.heads].sort();
  const keyOf = (at: readonly string[] | null) =>
    at === null ? "?" : at.length === 0 ? "<base>" : [...at].sort().join(", ");
  const headKey = keyOf(heads);
  const counts = new Map<string, number>();
  for (const position of positions) counts.set(keyOf(position.at), (counts.get(keyOf(position.at)) ?? 0) + 1);
  const revisions = [...counts]
    .map(([revision, tenants]) => ({ revision, tenants, head: revision === headKey }))
    .sort((a, b) => b.tenants - a.tenants || (a.revision < b.revision ? -1 : 1));
  return {
    revisions,
    stragglers: positions.filter((p) => keyOf(p.at) !== headKey),
    tenants: positions,
  };
}
