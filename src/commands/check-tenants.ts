/**
 * `check --tenants`: which tenants' schemas differ from the models. The model is canonicalised once;
 * each tenant, at the head(s) first, is then compared with it as `check` compares a database: a schema
 * tenant's schema read as the model's default schema, against the model's objects in that schema (the
 * shared ones are the main database's, which plain `check` compares); a database tenant whole.
 */
import type pg from "pg";
import { canonicaliseModel, loadRawModel } from "../canonicalise/index.js";
import { TargetNotUpToDateError } from "../errors.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import type { Schema } from "../schema/ir.js";
import { type FleetOptions, type StopReason, withFleet } from "../tenants/fleet.js";
import { placementOf } from "../tenants/tenant.js";
import { onlySchema } from "../tenants/tenant-schema.js";
import { ensureDatabaseAtHeads } from "./autogenerate-guard.js";
import { compareCanonicalModel, databaseReaderOf } from "./compare.js";
import { modelSourceOf } from "./model-source.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";
import { schemaTenantReader } from "./tenant-reader.js";

export type DriftStatus = "same" | "differs" | "behind" | "failed" | "not started";

export interface TenantDrift {
  readonly tenant: string;
  /** `behind`: not at the head(s), so not compared (`error` names what upgrade would run). */
  readonly status: DriftStatus;
  /** How many operations autogenerate would write for this tenant. */
  readonly operations: number;
  readonly detections: readonly string[];
  readonly error?: string;
}

export interface FleetCheck {
  /** One per selected tenant, by name. */
  readonly tenants: readonly TenantDrift[];
  /** The tenants that differ, are behind, or could not be compared, by name. */
  readonly differing: readonly string[];
  readonly stopped?: StopReason;
}

/** A difference is data here, not an error (the CLI exits 1 on it). */
export async function checkTenants(options: ProjectOptions & FleetOptions = {}): Promise<FleetCheck> {
  const config = await resolveProjectConfig(options);
  const raw = await loadRawModel(modelSourceOf(config));
  const { map } = await loadScriptDirectory(config.migrationsDir);
  return withFleet(config, options, async (fleet) => {
    // Canonicalised once, on the first server that can: the main database, else the first tenant.
    let canonical: Promise<Schema> | undefined;
    const modelOn = (client: pg.Client) => {
      canonical ??= canonicaliseModel(client, raw);
      return canonical;
    };
    if (fleet.main) await modelOn(fleet.main);
    const blank = (tenant: { name: string }, status: DriftStatus) => ({
      tenant: tenant.name,
      status,
      operations: 0,
      detections: [],
    });
    const { results, stopped } = await fleet.each<TenantDrift>(fleet.tenants, {
      run: async (tenant, client) => {
        const placement = placementOf(tenant, config);
        try {
          await ensureDatabaseAtHeads(client, map, placement.versionTable);
        } catch (error) {
          if (!(error instanceof TargetNotUpToDateError)) throw error;
          return { ...blank(tenant, "behind"), error: error.message };
        }
        const model = await modelOn(client);
        const comparison =
          tenant.kind === "schema"
            ? await compareCanonicalModel(
                onlySchema(model, raw.defaultSchema),
                raw,
                schemaTenantReader(client, tenant.schema, raw.defaultSchema, []),
                {
                  schemas: [raw.defaultSchema],
                  versionTable: placement.versionTable,
                  filters: config.filters,
                },
              )
            : await compareCanonicalModel(model, raw, databaseReaderOf(client), {
                schemas: config.schemas,
                versionTable: placement.versionTable,
                filters: config.filters,
              });
        const count = comparison.operations.length;
        return {
          ...blank(tenant, count > 0 ? "differs" : "same"),
          operations: count,
          detections: comparison.detections,
        };
      },
      failed: (tenant, error) => ({ ...blank(tenant, "failed"), error: (error as Error).message }),
      notStarted: (tenant) => blank(tenant, "not started"),
      isFailure: (drift) => drift.status === "failed",
    });
    return {
      tenants: results,
      differing: results
        .filter((r) => r.status !== "same" && r.status !== "not started")
        .map((r) => r.tenant),
      ...(stopped ? { stopped } : {}),
    };
  });
}
