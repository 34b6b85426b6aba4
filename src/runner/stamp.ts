/**
 * `stamp` on a live database: moves the version table's rows to the given revisions without running any
 * migration (the plan is ../graph/stamp.ts). Like a migration run it holds the advisory lock and reads
 * the rows only once it has it; all the changes are one transaction.
 */
import type pg from "pg";
import type { RevisionMap } from "../graph/revision-map.js";
import { type PlannedStamp, stampPlan } from "../graph/stamp.js";
import { type Log, logLine, silent } from "../log.js";
import { acquireMigrationLock, releaseMigrationLock } from "./advisory-lock.js";
import { MIGRATION_LOGGER, shortStepLog } from "./runner.js";
import { clearProgress } from "./step-progress.js";
import {
  applyVersionChanges,
  DEFAULT_VERSION_TABLE,
  deleteAllVersions,
  ensureVersionTable,
  progressTableOf,
  readVersions,
  type VersionTableName,
} from "./version-table.js";

export interface StampOptions {
  /** Delete every row first, so rows naming unknown revisions do not stop the stamp. */
  readonly purge?: boolean;
  readonly log?: Log;
  readonly versionTable?: VersionTableName;
  readonly lockTimeoutSeconds?: number;
}

export async function stampVersionTable(
  client: pg.Client,
  map: RevisionMap,
  destinations: readonly string[],
  options: StampOptions = {},
): Promise<PlannedStamp[]> {
  const log = options.log ?? silent;
  const versionTable = options.versionTable ?? DEFAULT_VERSION_TABLE;
  await acquireMigrationLock(client, {
    log,
    versionTable,
    ...(options.lockTimeoutSeconds !== undefined ? { timeoutSeconds: options.lockTimeoutSeconds } : {}),
  });
  try {
    await client.query("BEGIN");
    try {
      const rows = options.purge ? [] : await readVersions(client, versionTable);
      await ensureVersionTable(client, versionTable);
      if (options.purge) await deleteAllVersions(client, versionTable);
      // The user says where the database is: an interrupted step's record no longer applies.
      await clearProgress(client, progressTableOf(versionTable));
      const plan = stampPlan(map, rows, destinations);
      for (const { step, changes } of plan) {
        // Alembic's StampStep is named after its function: `Running stamp_revision  -> ae1027a6acf`.
        const summary = shortStepLog({ direction: "stamp_revision", from: step.from, to: step.to });
        log(logLine("INFO", MIGRATION_LOGGER, `Running ${summary}`));
        await applyVersionChanges(client, changes, versionTable);
      }
      await client.query("COMMIT");
      return plan;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    await releaseMigrationLock(client, versionTable).catch(() => {
      // The connection is gone; PostgreSQL released the lock with the session.
    });
  }
}
