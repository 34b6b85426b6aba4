/**
 * `upgrade`, `downgrade` and `stamp` over a fleet. Every tenant runs under its own migration lock
 * (one per version table, ../runner/advisory-lock.ts) with one transaction per revision, as a single
 * database does, so a failing tenant stays at the revision before the one that failed and the others
 * go on; two fleet runs at once wait for each other tenant by tenant and never apply a revision twice.
 *
 * Schema tenants the catalog read (./fleet-versions.ts) shows with nothing to do are reported without
 * being connected to: a rerun after a failure or a Ctrl-C costs what is left, not the whole fleet.
 */
import type pg from "pg";
import type { ResolvedConfig } from "../config/load-config.js";
import { RetortError } from "../errors.js";
import { stampPlan } from "../graph/stamp.js";
import { type Direction, downgradeSteps, type MigrationStep, upgradeSteps } from "../graph/steps.js";
import { versionChangesFor } from "../graph/version-changes.js";
import { logLine, silent } from "../log.js";
import { MIGRATION_LOGGER } from "../runner/logger-names.js";
import { type AppliedStep, runMigrations } from "../runner/runner.js";
import { loadScriptDirectory, type ScriptDirectory } from "../runner/script-directory.js";
import { stampVersionTable } from "../runner/stamp.js";
import { readVersions } from "../runner/version-table.js";
import { quoteIdent } from "../sql/quote.js";
import { type FleetOptions, type StopReason, type TenantTask, tenantLog, withFleet } from "./fleet.js";
import type { TenantVersions } from "./fleet-versions.js";
import { placementOf, type Tenant } from "./tenant.js";

export type TenantStatus = "upgraded" | "downgraded" | "stamped" | "unchanged" | "failed" | "not started";

/** One tenant's line of the report. */
export interface TenantRunResult {
  readonly tenant: string;
  readonly layout: Tenant["kind"];
  readonly status: TenantStatus;
  /** The version table's rows before and after (empty: base); null where they could not be read. */
  readonly from: readonly string[] | null;
  readonly to: readonly string[] | null;
  /** The steps committed (none listed for a tenant that failed: `to` says where it stopped). */
  readonly steps: readonly AppliedStep[];
  readonly milliseconds: number;
  readonly error?: string;
}

export interface FleetRunResult {
  /** One per selected tenant, sorted by name. */
  readonly tenants: readonly TenantRunResult[];
  /** Set when tenants were left unstarted, and why. */
  readonly stopped?: StopReason;
  /** How many tenants ran at once. */
  readonly concurrency: number;
}

export interface FleetMigrateOptions extends FleetOptions {
  /** Give up waiting for a tenant's migration lock after this many seconds (default: wait). */
  readonly lockTimeoutSeconds?: number;
}

export async function upgradeFleet(
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

export async function downgradeFleet(
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

/** The steps from the rows a tenant's version table holds (read under its lock). */
type Planner = (heads: readonly string[]) => MigrationStep[];

async function migrateFleet(
  config: ResolvedConfig,
  scripts: ScriptDirectory,
  direction: Direction,
  plan: Planner,
  options: FleetMigrateOptions,
): Promise<FleetRunResult> {
  return runFleetTask(config, options, (versions) => !hasNothingToDo(versions, plan), {
    run: async (tenant, client, versions) => {
      const placement = placementOf(tenant, config);
      if (direction === "upgrade" && tenant.kind === "schema" && versions?.schemaExists !== true)
        await createSchema(client, tenant.schema);
      // The rows read under the lock, and the steps planned from them.
      let from: readonly string[] = [];
      let planned: MigrationStep[] = [];
      const steps = await runMigrations(
        client,
        scripts,
        (heads) => {
          from = heads;
          planned = plan(heads);
          return planned;
        },
        {
          ...placement,
          log: tenantLog(options.log ?? silent, tenant),
          stopOnSignals: false,
          ...(options.lockTimeoutSeconds !== undefined
            ? { lockTimeoutSeconds: options.lockTimeoutSeconds }
            : {}),
        },
      );
      // Every planned step ran (a failure throws): the rows they leave follow from the graph, with no
      // query to read them back.
      let to: ReadonlySet<string> = new Set(from);
      for (const step of planned) to = versionChangesFor(scripts.map, to, step).heads;
      const status: TenantStatus = steps.length === 0 ? "unchanged" : `${direction}d`;
      return { status, from, to: [...to].sort(), steps };
    },
  });
}

export interface FleetStampOptions extends FleetMigrateOptions {
  /** Delete every row of each tenant's version table first. */
  readonly purge?: boolean;
}

export async function stampFleet(
  config: ResolvedConfig,
  revisions: readonly string[],
  options: FleetStampOptions = {},
): Promise<FleetRunResult> {
  if (revisions.length === 0) throw new RetortError("stamp needs at least one revision");
  const scripts = await loadScriptDirectory(config.migrationsDir);
  // Each destination must exist: a typo fails the command once, not every tenant.
  for (const revision of revisions) scripts.map.resolveMany(revision);
  const unchanged = (versions: TenantVersions) =>
    !options.purge &&
    !versions.interrupted &&
    stampPlan(scripts.map, versions.versions, revisions).length === 0;
  return runFleetTask(config, options, (versions) => !unchanged(versions), {
    run: async (tenant, client, versions) => {
      const placement = placementOf(tenant, config);
      if (tenant.kind === "schema" && versions?.schemaExists !== true)
        await createSchema(client, tenant.schema);
      const from = await readVersions(client, placement.versionTable);
      const planned = await stampVersionTable(client, scripts.map, revisions, {
        versionTable: placement.versionTable,
        log: tenantLog(options.log ?? silent, tenant),
        ...(options.purge ? { purge: true } : {}),
        ...(options.lockTimeoutSeconds !== undefined
          ? { lockTimeoutSeconds: options.lockTimeoutSeconds }
          : {}),
      });
      const to = await readVersions(client, placement.versionTable);
      return { status: planned.length > 0 || options.purge ? "stamped" : "unchanged", from, to, steps: [] };
    },
  });
}

interface Outcome {
  readonly status: TenantStatus;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly steps: readonly AppliedStep[];
}

interface MigrateTask {
  run(tenant: Tenant, client: pg.Client, versions: TenantVersions | undefined): Promise<Outcome>;
}

/**
 * The fleet, minus the schema tenants `needsRun` says have nothing to do (by the catalog read), each
 * tenant timed and its failure turned into its report line.
 */
async function runFleetTask(
  config: ResolvedConfig,
  options: FleetOptions,
  needsRun: (versions: TenantVersions) => boolean,
  task: MigrateTask,
): Promise<FleetRunResult> {
  return withFleet(config, options, async (fleet) => {
    const known = await fleet.schemaVersions();
    const idle = new Map<string, TenantRunResult>();
    for (const tenant of fleet.tenants) {
      const versions = known.get(tenant.name);
      if (versions && !needsRun(versions)) {
        const at = versions.versions;
        idle.set(tenant.name, { ...blank(tenant, "unchanged"), from: at, to: at });
      }
    }
    const active = fleet.tenants.filter((t) => !idle.has(t.name));
    const startedAt = new Map<Tenant, number>();
    const elapsed = (tenant: Tenant) =>
      Math.round(performance.now() - (startedAt.get(tenant) ?? performance.now()));
    const failed = (tenant: Tenant, error: unknown): TenantRunResult => ({
      ...blank(tenant, "failed"),
      from: known.get(tenant.name)?.versions ?? null,
      milliseconds: elapsed(tenant),
      error: oneLine(error),
    });
    const tenantTask: TenantTask<TenantRunResult> = {
      run: async (tenant, client) => {
        startedAt.set(tenant, performance.now());
        const versionTable = placementOf(tenant, config).versionTable;
        const versions = known.get(tenant.name);
        const before = versions?.versions ?? (await readVersions(client, versionTable));
        try {
          const outcome = await task.run(tenant, client, versions);
          return { ...blank(tenant, outcome.status), ...outcome, milliseconds: elapsed(tenant) };
        } catch (error) {
          // Where the tenant stopped: the steps before the failed one stay committed.
          const to = await readVersions(client, versionTable).catch(() => null);
          return { ...failed(tenant, error), from: before, to };
        }
      },
      failed,
      notStarted: (tenant) => ({
        ...blank(tenant, "not started"),
        from: known.get(tenant.name)?.versions ?? null,
      }),
      isFailure: (result) => result.status === "failed",
    };
    const { results, stopped } = await fleet.each(active, tenantTask);
    const ran = new Map(results.map((result) => [result.tenant, result]));
    // In the fleet's order: by name.
    const all = fleet.tenants.map((t) => idle.get(t.name) ?? ran.get(t.name)!);
    return { tenants: all, ...(stopped ? { stopped } : {}), concurrency: fleet.concurrency.concurrency };
  });
}

function blank(tenant: Tenant, status: TenantStatus): TenantRunResult {
  return {
    tenant: tenant.name,
    layout: tenant.kind,
    status,
    from: null,
    to: null,
    steps: [],
    milliseconds: 0,
  };
}

/** Whether the plan from these rows is empty; a plan that cannot be made is the runner's to report. */
function hasNothingToDo(versions: TenantVersions, plan: Planner): boolean {
  if (versions.interrupted) return false;
  try {
    return plan(versions.versions).length === 0;
  } catch {
    return false;
  }
}

/** A schema named in the tenant list but not created yet: the first upgrade (or stamp) creates it. */
async function createSchema(client: pg.Client, schema: string): Promise<void> {
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } catch (error) {
    // Another fleet run created it at the same moment (IF NOT EXISTS does not cover the race).
    const code = (error as { code?: string }).code;
    if (code !== "23505" && code !== "42P06") throw error;
  }
}

/** An error as one line of the report: a statement quoted under it joins the line. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, " ");
}
