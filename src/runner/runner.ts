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
 * - A run asked to stop (`signal`: Ctrl-C or SIGTERM in the CLI) cancels the statement running, rolls
 *   the step back as if it had failed, and throws MigrationInterruptedError saying where the database
 *   is (./interruption.ts).
 */
import type pg from "pg";
import {
  type InterruptedPoint,
  MigrationFailedError,
  MigrationInterruptedError,
  RetortError,
} from "../errors.js";
import type { RevisionMap } from "../graph/revision-map.js";
import type { Direction, MigrationStep } from "../graph/steps.js";
import {
  asRecorded,
  recordedHeads,
  type VersionChange,
  versionChangesFor,
} from "../graph/version-changes.js";
import { interruptible } from "../interrupts.js";
import { type Log, logLine, silent } from "../log.js";
import { createOpApi, type StatementSink } from "../runtime/op-api.js";
import { quoteQualified } from "../sql/quote.js";
import { acquireMigrationLock, releaseMigrationLock } from "./advisory-lock.js";
import { Interruption } from "./interruption.js";
import { MIGRATION_LOGGER } from "./logger-names.js";
import type { Script, ScriptDirectory } from "./script-directory.js";
import {
  clearProgress,
  readProgress,
  type StepProgress,
  saveProgress,
  statementFingerprint,
} from "./step-progress.js";
import {
  applyVersionChanges,
  DEFAULT_VERSION_TABLE,
  ensureVersionTable,
  progressTableOf,
  readVersions,
  type VersionTableName,
} from "./version-table.js";

export { MIGRATION_LOGGER };

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
  /**
   * Run only the operations on `defaultSchema` (and `op.execute`): a schema tenant's run, where objects
   * in other schemas (shared tables, schemas, extensions) are the main run's (../tenants/).
   */
  readonly onlyDefaultSchema?: boolean;
  /** Give up waiting for another run's lock after this many seconds (default: wait). */
  readonly lockTimeoutSeconds?: number;
  /**
   * Stops the run when aborted: the step in progress is rolled back and MigrationInterruptedError
   * thrown. In the CLI, Ctrl-C and SIGTERM abort it (../interrupts.ts).
   */
  readonly signal?: AbortSignal;
  /**
   * False: Ctrl-C and SIGTERM do not stop this run, only `signal` does. A fleet run (../tenants/)
   * answers the first Ctrl-C by starting no new tenant and lets the running ones finish.
   */
  readonly stopOnSignals?: boolean;
  /** Called as each step starts: its number (from 1) and how many steps the plan has. */
  readonly onStep?: (number: number, total: number) => void;
  /**
   * Awaited before each step's transaction begins, and after it commits: `check --shadow` reads the
   * catalog there without a run (a lock, a version read) per step. An error thrown ends the run there.
   */
  readonly beforeStep?: (step: MigrationStep) => Promise<void>;
  readonly afterStep?: (step: MigrationStep) => Promise<void>;
  /**
   * Awaited in each step's transaction once the migration has run, before the version table's update
   * and COMMIT: `check --shadow` reads there what the step changed, while the transaction still holds
   * the locks that say which relations it touched. An error thrown rolls the step back.
   */
  readonly beforeCommit?: (step: MigrationStep) => Promise<void>;
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

/**
 * Computes the steps from the heads read under the lock, on the graph for the database at those heads
 * (the replaced revisions rather than their squash, for a database inside a squashed range).
 */
export type Planner = (currentHeads: readonly string[], map: RevisionMap) => MigrationStep[];

export async function runMigrations(
  client: pg.Client,
  scripts: ScriptDirectory,
  plan: Planner,
  options: RunOptions = {},
): Promise<AppliedStep[]> {
  const run = async (signal: AbortSignal) => {
    const interruption = new Interruption(client, signal);
    try {
      return await runUnderLock(client, scripts, plan, options, interruption);
    } finally {
      interruption.dispose();
    }
  };
  if (options.stopOnSignals === false) return run(options.signal ?? new AbortController().signal);
  return interruptible(options.signal, run);
}

async function runUnderLock(
  client: pg.Client,
  scripts: ScriptDirectory,
  plan: Planner,
  options: RunOptions,
  interruption: Interruption,
): Promise<AppliedStep[]> {
  const log = options.log ?? silent;
  const versionTable = options.versionTable ?? DEFAULT_VERSION_TABLE;
  const stopped = (point: InterruptedPoint, at: readonly string[] | undefined) =>
    new MigrationInterruptedError(interruption.signalName, point, at);
  await watchForDisconnect(client);
  try {
    await interruption.statements(() =>
      acquireMigrationLock(client, {
        log,
        versionTable,
        ...(options.lockTimeoutSeconds !== undefined ? { timeoutSeconds: options.lockTimeoutSeconds } : {}),
      }),
    );
  } catch (error) {
    if (interruption.requested) throw stopped({ kind: "before" }, undefined);
    throw error;
  }
  try {
    const rows = await readVersions(client, versionTable);
    const map = scripts.mapFor(rows);
    // A row naming the last revision a squash replaced stands for the squash (../graph/squash-view.ts).
    const recorded = recordedHeads(map, rows);
    let heads = recorded.heads;
    const steps = plan([...heads], map);
    const interrupted = await readProgress(client, progressTableOf(versionTable));
    const resume = resumableStep(interrupted, steps[0]);
    // Every file the plan needs is loaded and checked before anything runs: a syntax error in the
    // third migration must not leave the first two applied.
    for (const step of steps) await scripts.script(step.revision.id).prepare?.();
    const applied: AppliedStep[] = [];
    // Said at once, so that no one presses Ctrl-C again while the rollback runs.
    let running: MigrationStep | undefined;
    interruption.signal.addEventListener("abort", () => {
      if (running) {
        const by = interruption.signalName ? ` by ${interruption.signalName}` : "";
        log(logLine("INFO", MIGRATION_LOGGER, `Interrupted${by}: rolling back ${shortStepLog(running)}`));
      }
    });
    for (const [index, step] of steps.entries()) {
      if (interruption.requested) {
        const last = applied.at(-1);
        throw stopped(last ? { kind: "after", ...last } : { kind: "before" }, [...heads]);
      }
      log(logLine("INFO", MIGRATION_LOGGER, describeStep(step)));
      options.onStep?.(index + 1, steps.length);
      await options.beforeStep?.(step);
      const transition = versionChangesFor(map, heads, step);
      running = step;
      try {
        const changes = asRecorded(transition.changes, recorded.spelling);
        await runStep(client, scripts.script(step.revision.id), step, changes, {
          versionTable,
          defaultSchema: options.defaultSchema ?? "public",
          onlyDefaultSchema: options.onlyDefaultSchema === true,
          log,
          resume: index === 0 ? resume : undefined,
          // In the first step's transaction, so that a run that fails there leaves no trace at all.
          createVersionTable: index === 0,
          interruption,
          beforeCommit: options.beforeCommit,
        });
      } catch (error) {
        if (!interruption.requested) throw error;
        const committedBefore = error instanceof MigrationFailedError ? error.committedBefore : undefined;
        throw stopped({ kind: "during", ...identityOf(step), committedBefore }, [...heads]);
      } finally {
        running = undefined;
      }
      heads = transition.heads;
      applied.push(appliedStepOf(step));
      await options.afterStep?.(step);
    }
    const last = applied.at(-1);
    if (interruption.requested && last) throw stopped({ kind: "after", ...last }, [...heads]);
    return applied;
  } finally {
    await releaseMigrationLock(client, versionTable).catch(() => {
      // The connection is gone; PostgreSQL released the lock with the session.
    });
    // The connection may be one lent from an application's pool (runRetortMigrations): leave it as
    // it came.
    await client.query("RESET client_connection_check_interval").catch(() => {});
  }
}

function identityOf(step: MigrationStep) {
  return { revision: step.revision.id, direction: step.direction };
}

/**
 * The interrupted step the plan starts with, if any. A record of any other step means the database is
 * between two revisions and this plan would build on the wrong one: refuse, saying how to finish.
 */
function resumableStep(
  interrupted: readonly StepProgress[],
  first: MigrationStep | undefined,
): StepProgress | undefined {
  if (interrupted.length === 0) return undefined;
  const match = interrupted.find(
    (p) => first && p.revision === first.revision.id && p.direction === first.direction,
  );
  if (match) return match;
  const [stuck] = interrupted;
  const finish = stuck!.direction === "upgrade" ? `retort upgrade ${stuck!.revision}` : "retort downgrade";
  throw new RetortError(
    `The ${stuck!.direction} of revision ${stuck!.revision} was interrupted after committing part of it ` +
      `(${stuck!.statements.length} statement(s) before one that cannot run in a transaction), so the ` +
      `database is between two revisions. Finish it first (\`${finish}\` resumes it), or, if you repaired ` +
      "the schema by hand, record where it is with `retort stamp <revision>`. Nothing was changed.",
  );
}

/**
 * Asks the server to check, while a statement runs, that this client is still there (PostgreSQL 14+).
 * Without it a killed `retort` leaves its backend running the current statement to the end, holding
 * the migration lock and the step's table locks; with it the backend notices within a second, rolls
 * the step back and lets go.
 */
async function watchForDisconnect(client: pg.Client): Promise<void> {
  await client
    .query(
      "SELECT set_config('client_connection_check_interval', '1s', false) " +
        "WHERE current_setting('server_version_num')::int >= 140000",
    )
    .catch(() => {
      // A server build without the setting: the check is an improvement, not a requirement.
    });
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

interface StepSettings {
  readonly versionTable: VersionTableName;
  readonly defaultSchema: string;
  readonly onlyDefaultSchema: boolean;
  readonly log: Log;
  /** What an interrupted run of this very step committed, to be skipped (./step-progress.ts). */
  readonly resume: StepProgress | undefined;
  readonly createVersionTable: boolean;
  readonly interruption: Interruption;
  readonly beforeCommit: RunOptions["beforeCommit"];
}

async function runStep(
  client: pg.Client,
  script: Script,
  step: MigrationStep,
  changes: readonly VersionChange[],
  settings: StepSettings,
): Promise<void> {
  const { versionTable, resume, interruption } = settings;
  const progressTable = progressTableOf(versionTable);
  const identity = { revision: step.revision.id, direction: step.direction };
  // The statements this step has committed or run in the open transaction, in order: recorded as
  // fingerprints only if the step commits part-way (hashing each of them would cost every run).
  const done: string[] = [];
  let committedPart: string | undefined;
  // The statement PostgreSQL rejected, if the failure came from one (not from the migration's own code).
  const rejected: { statement?: string; error?: unknown } = {};

  const sink: StatementSink = async (statement, statementOptions) => {
    const position = done.length;
    if (resume && position < resume.statements.length) {
      if (resume.statements[position] !== statementFingerprint(statement))
        throw new ResumeMismatchError(step, position, statement);
      done.push(statement);
      return; // Committed by the interrupted run.
    }
    // The migration's code may go on after the run stopped (it was not waited for): nothing more of it
    // reaches the database.
    interruption.throwIfRequested();
    try {
      await interruption.statements(async () => {
        if (statementOptions?.outsideTransaction) {
          // PostgreSQL refuses CREATE INDEX CONCURRENTLY in a transaction block: commit what the step
          // did so far, with a record of it, run the statement on its own, and go on in a new transaction.
          await saveProgress(client, progressTable, {
            ...identity,
            statements: done.map(statementFingerprint),
          });
          await client.query("COMMIT");
          committedPart = statement;
          if (statementOptions.concurrentIndex)
            await dropInvalidIndex(client, statementOptions.concurrentIndex, settings.log);
          await client.query(statement);
          await client.query("BEGIN");
        } else await client.query(statement);
      });
      done.push(statement);
    } catch (error) {
      rejected.statement = statement;
      rejected.error = error;
      throw error;
    }
  };
  const migrate = step.direction === "upgrade" ? script.upgrade : script.downgrade;
  await client.query("BEGIN");
  try {
    if (settings.createVersionTable) await ensureVersionTable(client, versionTable);
    if (resume) {
      settings.log(
        logLine(
          "INFO",
          MIGRATION_LOGGER,
          `Resuming the interrupted ${step.direction} of ${step.revision.id}: skipping the ` +
            `${resume.statements.length} statement(s) it committed`,
        ),
      );
    }
    await interruption.race(
      (async () =>
        migrate({
          op: createOpApi(sink, settings.defaultSchema, { onlyDefaultSchema: settings.onlyDefaultSchema }),
        }))(),
    );
    // Asked to stop once the migration's code was done: it is not committed either.
    interruption.throwIfRequested();
    await settings.beforeCommit?.(step);
    if (resume || committedPart) await clearProgress(client, progressTable, identity);
    await applyVersionChanges(client, changes, versionTable);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if (error instanceof RetortError && !(error instanceof MigrationFailedError)) throw error;
    const statement = rejected.error === error ? rejected.statement : undefined;
    throw new MigrationFailedError(step.revision.id, step.direction, statement, error, committedPart);
  }
}

/** A leftover of an interrupted CREATE INDEX CONCURRENTLY is INVALID; `IF NOT EXISTS` would keep it. */
async function dropInvalidIndex(
  client: pg.Client,
  index: { readonly schema: string; readonly name: string },
  log: Log,
): Promise<void> {
  const qualified = quoteQualified(index.schema, index.name);
  const result = await client.query<{ invalid: boolean }>(
    "SELECT NOT indisvalid AS invalid FROM pg_index WHERE indexrelid = to_regclass($1)",
    [qualified],
  );
  if (!result.rows[0]?.invalid) return;
  log(logLine("INFO", MIGRATION_LOGGER, `Dropping the invalid index ${qualified} an interrupted build left`));
  await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified}`);
}

/** The migration no longer produces the statements an interrupted run of it committed. */
class ResumeMismatchError extends RetortError {
  constructor(step: MigrationStep, position: number, statement: string) {
    super(
      `Cannot resume the interrupted ${step.direction} of revision ${step.revision.id}: its statement ` +
        `#${position + 1} is not the one the interrupted run committed (the migration file changed since?):\n` +
        `  ${statement}\n` +
        "Nothing was changed. Check the schema by hand, then record where it is with `retort stamp <revision>`.",
    );
  }
}
