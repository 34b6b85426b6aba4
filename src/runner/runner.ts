/**
 * Applies migration steps to a live database.
 *
 * - The whole run holds a session-level advisory lock (./advisory-lock.ts), and the current heads are
 *   read only once the lock is held: a second process started at the same time waits, then finds
 *   nothing left to do.
 * - Each step runs in its own transaction: BEGIN, the migration's upgrade()/downgrade(), the version
 *   table update, COMMIT. A step that throws is rolled back (PostgreSQL's DDL is transactional) and
 *   stops the run; the steps before it stay committed, and the version table names the last good one.
 *   Alembic's default is one transaction for the whole run; one per step means a failure in the tenth
 *   migration does not undo nine good ones (Alembic's `transaction_per_migration=True`).
 */
import type pg from "pg";
import { MigrationFailedError } from "../errors.js";
import type { Direction, MigrationStep } from "../graph/steps.js";
import { type VersionChange, versionChangesFor } from "../graph/version-changes.js";
import { type Log, logLine, silent } from "../log.js";
import { createOpApi, type StatementSink } from "../runtime/op-api.js";
import { acquireMigrationLock, releaseMigrationLock } from "./advisory-lock.js";
import type { Script, ScriptDirectory } from "./script-directory.js";
import {
  applyVersionChanges,
  DEFAULT_VERSION_TABLE,
  ensureVersionTable,
  readVersions,
  type VersionTableName,
} from "./version-table.js";

export const MIGRATION_LOGGER = "retort.runtime.migration";

/** One step that ran and was committed. */
export interface AppliedStep {
  readonly direction: Direction;
  readonly revision: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly message: string;
}

export interface RunOptions {
  readonly log?: Log;
  readonly versionTable?: VersionTableName;
  /** The schema `op.*` calls use when they name none. */
  readonly defaultSchema?: string;
}

/** What a step reports once it ran (or, offline, once it was rendered). */
export function appliedStepOf(step: MigrationStep): AppliedStep {
  return {
    direction: step.direction,
    revision: step.revision.id,
    from: step.from,
    to: step.to,
    message: step.revision.message,
  };
}

/** Computes the steps from the heads read under the lock. */
export type Planner = (currentHeads: readonly string[]) => MigrationStep[];

export async function runMigrations(
  client: pg.Client,
  scripts: ScriptDirectory,
  plan: Planner,
  options: RunOptions = {},
): Promise<AppliedStep[]> {
  const log = options.log ?? silent;
  const versionTable = options.versionTable ?? DEFAULT_VERSION_TABLE;
  await acquireMigrationLock(client);
  try {
    let heads: ReadonlySet<string> = new Set(await readVersions(client, versionTable));
    const steps = plan([...heads]);
    if (steps.length > 0) await ensureVersionTable(client, versionTable);
    const applied: AppliedStep[] = [];
    for (const step of steps) {
      log(logLine("INFO", MIGRATION_LOGGER, describeStep(step)));
      const transition = versionChangesFor(scripts.map, heads, step);
      await runStep(client, scripts.script(step.revision.id), step, transition.changes, {
        versionTable,
        defaultSchema: options.defaultSchema ?? "public",
      });
      heads = transition.heads;
      applied.push(appliedStepOf(step));
    }
    return applied;
  } finally {
    await releaseMigrationLock(client).catch(() => {
      // The connection is gone; PostgreSQL released the lock with the session.
    });
  }
}

/** `Running upgrade  -> 1975ea83b712, create account table`: Alembic's `RevisionStep.__str__`. */
export function describeStep(step: MigrationStep): string {
  const text = `Running ${shortStepLog(step)}`;
  return step.revision.message ? `${text}, ${step.revision.message}` : text;
}

/**
 * `upgrade  -> 1975ea83b712`: Alembic's `short_log`, which --sql scripts print as `-- Running ...`
 * (ids only: Alembic keeps messages out of the SQL on purpose).
 */
export function shortStepLog(step: {
  readonly direction: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}): string {
  return `${step.direction} ${step.from.join(", ")} -> ${step.to.join(", ")}`;
}

async function runStep(
  client: pg.Client,
  script: Script,
  step: MigrationStep,
  changes: readonly VersionChange[],
  options: { versionTable: VersionTableName; defaultSchema: string },
): Promise<void> {
  // The statement PostgreSQL rejected, if the failure came from one (not from the migration's own code).
  const rejected: { statement?: string; error?: unknown } = {};
  const sink: StatementSink = async (statement, statementOptions) => {
    try {
      if (statementOptions?.outsideTransaction) {
        // PostgreSQL refuses CREATE INDEX CONCURRENTLY in a transaction block: commit what the step
        // did so far, run the statement on its own, and go on in a new transaction. Such statements
        // are written to be rerun safely (IF NOT EXISTS) should the step fail after this point.
        await client.query("COMMIT");
        await client.query(statement);
        await client.query("BEGIN");
      } else await client.query(statement);
    } catch (error) {
      rejected.statement = statement;
      rejected.error = error;
      throw error;
    }
  };
  const migrate = step.direction === "upgrade" ? script.upgrade : script.downgrade;
  await client.query("BEGIN");
  try {
    await migrate({ op: createOpApi(sink, options.defaultSchema) });
    await applyVersionChanges(client, changes, options.versionTable);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const statement = rejected.error === error ? rejected.statement : undefined;
    throw new MigrationFailedError(step.revision.id, step.direction, statement, error);
  }
}
