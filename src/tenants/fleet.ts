/**
 * What every fleet command shares: the tenants read and selected, the main database opened when they
 * need it (a tenants query, or schema tenants: their schemas live there), the concurrency decided once,
 * and `each`, which runs a task per tenant through the worker pool, each tenant on a connection of its
 * own while it runs.
 *
 * Stopping: the first Ctrl-C (in the CLI) or the caller's `signal`, and with `failFast` the first
 * failure, stop the pool from starting tenants; the running ones finish, their steps committed or
 * rolled back by the runner as usual, and every tenant not started is reported as such.
 */
import type pg from "pg";
import { databaseTargetOf } from "../config/database-target.js";
import type { TenantSpec } from "../config/define-config.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import { interruptible } from "../interrupts.js";
import { type Log, logLine, silent } from "../log.js";
import { type ConcurrencyLimit, concurrencyLimit, DEFAULT_CONCURRENCY } from "./connection-budget.js";
import { readFleetVersions, type TenantVersions } from "./fleet-versions.js";
import type { SchemaTenant, Tenant } from "./tenant.js";
import { type MainDatabase, TenantConnections } from "./tenant-connections.js";
import { selectTenants } from "./tenant-selector.js";
import { needsMainDatabase, readTenants } from "./tenant-source.js";
import { runPool } from "./worker-pool.js";

export const TENANTS_LOGGER = "retort.tenants";

export interface FleetOptions {
  /**
   * Which tenants: `all` (the default), names and globs (`acme,eu-*`), or the tenants themselves (an
   * application migrating the tenant it just signed up, before any list names it).
   */
  readonly tenants?: string | readonly TenantSpec[];
  /** How many tenants run at once (default 4), capped by the server's free connections. */
  readonly concurrency?: number;
  /** Start no tenant after the first failure. */
  readonly failFast?: boolean;
  /** Start no tenant once aborted; those running finish. */
  readonly signal?: AbortSignal;
  /** Receives the progress lines, each naming its tenant. */
  readonly log?: Log;
  /** Called as each tenant ends: how many have, of how many. */
  readonly onTenant?: (done: number, total: number) => void;
}

/** Why tenants were left unstarted: Ctrl-C or the caller's signal, or `failFast`. */
export type StopReason = "interrupted" | "fail-fast";

export interface TenantTask<R> {
  run(tenant: Tenant, client: pg.Client): Promise<R>;
  /** What a tenant reports when `run`, or connecting to it, threw. */
  failed(tenant: Tenant, error: unknown): R;
  notStarted(tenant: Tenant): R;
  isFailure(result: R): boolean;
}

export interface Fleet {
  /** The selected tenants, sorted by name. */
  readonly tenants: readonly Tenant[];
  /** The command's connection to the main database, when it was opened. */
  readonly main: pg.Client | undefined;
  readonly concurrency: ConcurrencyLimit;
  /** Where each schema tenant is, by name, in one catalog read. */
  schemaVersions(): Promise<Map<string, TenantVersions>>;
  /** Runs `task` on each of `tenants`; one result per tenant, in the same order. */
  each<R>(tenants: readonly Tenant[], task: TenantTask<R>): Promise<{ results: R[]; stopped?: StopReason }>;
}

export async function withFleet<T>(
  config: ResolvedConfig,
  options: FleetOptions,
  use: (fleet: Fleet) => Promise<T>,
): Promise<T> {
  const defaultSchema = config.schemas[0] ?? "public";
  const selector = typeof options.tenants === "string" ? options.tenants : "all";
  const setting = typeof options.tenants === "object" ? options.tenants : config.tenants;
  const target = databaseTargetOf(config);
  const mainOf = (client: pg.Client): MainDatabase => ({
    client,
    url: target.kind === "server" ? target.url : undefined,
  });
  if (setting !== undefined && needsMainDatabase(setting)) {
    return withConnection(config, async (client) => {
      const listed = await readTenants(setting, defaultSchema, async () => client);
      return runFleet(config, selectTenants(listed, selector), mainOf(client), options, use);
    });
  }
  const listed = await readTenants(setting, defaultSchema, () => {
    throw new Error("only a tenants query reads the main database");
  });
  const tenants = selectTenants(listed, selector);
  // Schema tenants live in the main database; a fleet of databases alone never opens it.
  if (!tenants.some((t) => t.kind === "schema")) return runFleet(config, tenants, undefined, options, use);
  return withConnection(config, (client) => runFleet(config, tenants, mainOf(client), options, use));
}

async function runFleet<T>(
  config: ResolvedConfig,
  tenants: readonly Tenant[],
  main: MainDatabase | undefined,
  options: FleetOptions,
  use: (fleet: Fleet) => Promise<T>,
): Promise<T> {
  const log = options.log ?? silent;
  // The embedded database is one session: one tenant at a time.
  const limit: ConcurrencyLimit =
    main && main.url === undefined
      ? { concurrency: 1 }
      : await concurrencyLimit(main?.client, options.concurrency);
  if (limit.cappedAt !== undefined) {
    log(
      logLine(
        "WARNING",
        TENANTS_LOGGER,
        `Running ${limit.concurrency} tenant(s) at a time, not ${options.concurrency ?? DEFAULT_CONCURRENCY}: ` +
          `the server has ${limit.cappedAt} connection(s) to spare`,
      ),
    );
  }
  const connections = new TenantConnections(main);
  const fleet: Fleet = {
    tenants,
    main: main?.client,
    concurrency: limit,
    async schemaVersions() {
      const schemaTenants = tenants.filter((t): t is SchemaTenant => t.kind === "schema");
      if (!main || schemaTenants.length === 0) return new Map();
      return readFleetVersions(main.client, schemaTenants, config.versionTable.table);
    },
    each: (selected, task) => eachTenant(selected, task, limit.concurrency, connections, options),
  };
  try {
    return await use(fleet);
  } finally {
    await connections.close();
  }
}

async function eachTenant<R>(
  tenants: readonly Tenant[],
  task: TenantTask<R>,
  concurrency: number,
  connections: TenantConnections,
  options: FleetOptions,
): Promise<{ results: R[]; stopped?: StopReason }> {
  const log = options.log ?? silent;
  const results = new Map<Tenant, R>();
  const failFast = new AbortController();
  let running = 0;
  let done = 0;
  return interruptible(options.signal, async (interrupt) => {
    const onInterrupt = () => {
      const by = typeof interrupt.reason === "string" ? ` by ${interrupt.reason}` : "";
      log(
        logLine(
          "WARNING",
          TENANTS_LOGGER,
          `Interrupted${by}: starting no new tenant, waiting for the ${running} running to finish`,
        ),
      );
    };
    interrupt.addEventListener("abort", onInterrupt, { once: true });
    try {
      await runPool(
        tenants,
        concurrency,
        AbortSignal.any([interrupt, failFast.signal]),
        async (tenant, worker) => {
          running += 1;
          let result: R;
          try {
            result = await connections.with(tenant, worker, (client) => task.run(tenant, client));
          } catch (error) {
            result = task.failed(tenant, error);
          } finally {
            running -= 1;
          }
          results.set(tenant, result);
          if (options.failFast && task.isFailure(result) && !failFast.signal.aborted) {
            log(
              logLine(
                "WARNING",
                TENANTS_LOGGER,
                `${tenant.name} failed: starting no new tenant (--fail-fast)`,
              ),
            );
            failFast.abort();
          }
          done += 1;
          options.onTenant?.(done, tenants.length);
        },
      );
    } finally {
      interrupt.removeEventListener("abort", onInterrupt);
    }
    const stopped: StopReason | undefined = interrupt.aborted
      ? "interrupted"
      : failFast.signal.aborted
        ? "fail-fast"
        : undefined;
    return {
      results: tenants.map((tenant) => results.get(tenant) ?? task.notStarted(tenant)),
      ...(stopped ? { stopped } : {}),
    };
  });
}

/** The log with each line naming its tenant: `INFO  [retort.runtime.migration] acme: Running upgrade ...`. */
export function tenantLog(log: Log, tenant: Tenant): Log {
  return (line) => log(line.replace("] ", `] ${tenant.name}: `));
}
