/**
 * A tenant of a fleet, checked (./tenant-source.ts), and how a run on it is set up. Two layouts:
 *
 * - a schema tenant lives in one schema of the main database. Its migrations run with that schema as
 *   the one `op.*` calls use when they name none (and first on the search_path), its versions are kept
 *   in its own `<schema>.retort_version`, and operations naming another schema (shared tables, schemas,
 *   extensions) are left to the main run;
 * - a database tenant is a database of its own, migrated exactly as the main database is.
 */
import type { ResolvedConfig } from "../config/load-config.js";
import type { VersionTableName } from "../runner/version-table.js";

export interface SchemaTenant {
  readonly kind: "schema";
  readonly name: string;
  readonly schema: string;
}

export interface DatabaseTenant {
  readonly kind: "database";
  readonly name: string;
  readonly url: string;
}

export type Tenant = SchemaTenant | DatabaseTenant;

/** What the runner is told for one tenant (its RunOptions' placement fields). */
export interface TenantPlacement {
  readonly defaultSchema: string;
  readonly versionTable: VersionTableName;
  readonly onlyDefaultSchema: boolean;
}

export function placementOf(
  tenant: Tenant,
  config: Pick<ResolvedConfig, "schemas" | "versionTable">,
): TenantPlacement {
  if (tenant.kind === "database") {
    return {
      defaultSchema: config.schemas[0] ?? "public",
      versionTable: config.versionTable,
      onlyDefaultSchema: false,
    };
  }
  return {
    defaultSchema: tenant.schema,
    versionTable: { schema: tenant.schema, table: config.versionTable.table },
    onlyDefaultSchema: true,
  };
}
