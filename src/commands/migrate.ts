/**
 * What `upgrade` and `downgrade` share: their options, their result, how they read a target, and the
 * run itself. They differ only in how the steps from the database's heads to the target are planned.
 */
import { withConnection } from "../db/with-connection.js";
import { RetortError } from "../errors.js";
import type { RevisionMap } from "../graph/revision-map.js";
import type { MigrationStep } from "../graph/steps.js";
import { logLine } from "../log.js";
import { MIGRATION_LOGGER } from "../runner/logger-names.js";
import { type AppliedStep, type Planner, runMigrations } from "../runner/runner.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import { offlineScript } from "./offline-script.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export interface MigrateOptions extends ProjectOptions {
  /** Render the SQL script instead of running it (offline mode; `<start>:<target>` needs no database). */
  readonly sql?: boolean;
  /** Called as each step starts: its number (from 1) and how many steps the run has. */
  readonly onStep?: (number: number, total: number) => void;
  /** Give up waiting for another run's migration lock after this many seconds (default: wait). */
  readonly lockTimeoutSeconds?: number;
}

export interface MigrateResult {
  /** The steps that ran and were committed (with `sql`: that the script contains), in order. */
  readonly steps: readonly AppliedStep[];
  /** When no step ran: the revisions the database is at (empty: base). */
  readonly at?: readonly string[];
  /** With `sql`: the script, one line per entry. */
  readonly sql?: readonly string[];
}

/** The steps from the database's heads to the target; `warn` reaches the caller's log. */
export type PlanSteps = (
  map: RevisionMap,
  heads: readonly string[],
  target: string,
  warn: (message: string) => void,
) => MigrationStep[];

export async function migrate(
  command: "upgrade" | "downgrade",
  target: string,
  options: MigrateOptions,
  planSteps: PlanSteps,
): Promise<MigrateResult> {
  const config = await resolveProjectConfig(options);
  const range = parseMigrateRange(command, target, options.sql === true);
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const warn = (message: string) => config.log?.(logLine("WARNING", MIGRATION_LOGGER, message));
  // The graph for the database at those heads (a squash set aside inside its range): the runner's.
  const plan: Planner = (heads, map) => planSteps(map, heads, range.target, warn);
  if (options.sql) return offlineScript(config, scripts, range.start, plan);
  return withConnection(config, async (client) => {
    const steps = await runMigrations(client, scripts, plan, {
      ...(config.log ? { log: config.log } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.lockTimeoutSeconds !== undefined ? { lockTimeoutSeconds: options.lockTimeoutSeconds } : {}),
      defaultSchema: config.schemas[0] ?? "public",
      versionTable: config.versionTable,
    });
    // Nothing ran: say where the database is rather than nothing at all.
    return steps.length > 0 ? { steps } : { steps, at: await readVersions(client, config.versionTable) };
  });
}

interface MigrateRange {
  /** The revision an offline script starts from (`<start>:<target>`); undefined: the database's. */
  readonly start: string | undefined;
  readonly target: string;
}

/**
 * `<target>`, or `<start>:<target>` in --sql mode, with Alembic's refusals: a range only makes sense
 * when rendering SQL, and an offline downgrade must say where it starts.
 */
function parseMigrateRange(command: "upgrade" | "downgrade", target: string, sql: boolean): MigrateRange {
  const colon = target.indexOf(":");
  if (colon !== -1) {
    if (!sql) throw new RetortError("Range revision not allowed");
    return { start: target.slice(0, colon), target: target.slice(colon + 1) };
  }
  if (sql && command === "downgrade") {
    throw new RetortError("downgrade with --sql requires <fromrev>:<torev>");
  }
  return { start: undefined, target };
}
