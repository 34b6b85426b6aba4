/**
 * Replays the migrations into an empty (shadow) database with the ordinary runner: the same
 * transactions, version table and `op` implementation as `retort upgrade`, so what is proved on the
 * shadow holds for the real thing.
 *
 * `roundTrip` also proves every downgrade: on the way up it reads the catalog (./catalog-state.ts)
 * before each upgrade; on the way back down, after each downgrade, the catalog must equal that reading, column order apart (a re-added column can only be appended: see ./column-order.ts),
 * which is noted.
 */

import type pg from "pg";
import { MigrationFailedError } from "../errors.js";
import { type MigrationStep, stepFor, upgradeSteps } from "../graph/steps.js";
import type { Log } from "../log.js";
import { type RunOptions, runMigrations } from "../runner/runner.js";
import type { ScriptDirectory } from "../runner/script-directory.js";
import { retortOwnTables, type VersionTableName } from "../runner/version-table.js";
import type { Schema } from "../schema/ir.js";
import { timed } from "../timings.js";
import { catalogDifferences } from "./catalog-differences.js";
import type { CatalogState } from "./catalog-state.js";
import { columnOrderChanges, type EarlierStep } from "./column-order.js";
import { incrementalCatalogReader } from "./incremental-catalog.js";
import { snapshotAllSchemas } from "./schema-snapshot.js";

export interface ReplayOptions {
  readonly log?: Log;
  /** The schema `op.*` calls use when they name none. */
  readonly defaultSchema: string;
  /** retort's version table, left out of the snapshots. */
  readonly versionTable: VersionTableName;
}

/** Upgrades an empty database to `targets` (revision ids; none means it stays at base). */
export async function replayTo(
  client: pg.Client,
  scripts: ScriptDirectory,
  targets: readonly string[],
  options: ReplayOptions,
): Promise<void> {
  for (const target of targets) {
    await runMigrations(
      client,
      scripts,
      (heads, map) => upgradeSteps(map, heads, target),
      runOptions(options),
    );
  }
}

/**
 * Upgrades an empty database to each of `stops` in turn (revision ids; none is base) and reads the
 * whole schema at each: what `squash` diffs to build the revisions between two stops in one step.
 */
export async function schemasAt(
  client: pg.Client,
  scripts: ScriptDirectory,
  stops: readonly (readonly string[])[],
  options: ReplayOptions,
): Promise<Schema[]> {
  const schemas: Schema[] = [];
  for (const stop of stops) {
    await replayTo(client, scripts, stop, options);
    schemas.push(await snapshotAllSchemas(client, retortOwnTables(options.versionTable)));
  }
  return schemas;
}

export interface RoundTrip<T> {
  /** What `atHeads` returned, with the shadow at the head revision(s). */
  readonly atHeads: T;
  /** Empty when every downgrade ran and restored the schema; otherwise what went wrong, first failure only. */
  readonly problems: readonly string[];
  /**
   * Downgrades that restored the schema with a column at another position (re-added at the end of its
   * table), one heading line per downgrade and one line per table. Not a failure.
   */
  readonly notes: readonly string[];
}

/**
 * Base → heads one step at a time, `atHeads` there, then heads → base one step at a time, each
 * downgrade checked against the catalog read before its upgrade. An upgrade that fails throws (there
 * is no head to check against); the first downgrade that fails or does not restore the schema ends the
 * descent, since every later comparison would only repeat it. Each way is one run of the runner (one
 * lock, one version read), the catalog read in each step's transaction before it commits (the state
 * after the step: the version table, which the step updates after, is not in the reading).
 */
export async function roundTrip<T>(
  client: pg.Client,
  scripts: ScriptDirectory,
  options: ReplayOptions,
  atHeads: () => Promise<T>,
): Promise<RoundTrip<T>> {
  const ownTables = retortOwnTables(options.versionTable);
  // Each reading deparses only the relations a step may have changed (./incremental-catalog.ts), and
  // is taken in the step's transaction, before it commits, where the locks it holds say which.
  const reader = incrementalCatalogReader(client, ownTables);
  // Nothing writes between the first reading and the first step: that step's reading goes by its locks.
  const readAtStart = () =>
    timed("shadow: reading the catalog", async () => {
      const state = await reader.read();
      await reader.settled();
      return state;
    });
  const readInStep = () => timed("shadow: reading the catalog", () => reader.readInTransaction());
  const upSteps = upgradeSteps(scripts.map, [], "heads");
  const before = new Map<string, CatalogState>();
  /** The reading taken in the step that ran last, before its COMMIT. */
  let latest: CatalogState | undefined;
  await runMigrations(client, scripts, () => upSteps, {
    ...runOptions(options),
    beforeStep: async (step) => {
      before.set(step.revision.id, latest ?? (await readAtStart()));
    },
    // After the last upgrade too: the first downgrade's reading then goes on from it by its locks,
    // though the comparison at the heads runs in between (it only reads: ./incremental-catalog.ts).
    beforeCommit: async () => {
      latest = await readInStep();
    },
  });
  const result = await atHeads();

  const downSteps = [...upSteps].reverse().map((step) => stepFor(scripts.map, step.revision.id, "downgrade"));
  const notes: string[] = [];
  let earlier: EarlierStep | undefined;
  let problems: string[] = [];
  try {
    await runMigrations(client, scripts, () => downSteps, {
      ...runOptions(options),
      beforeCommit: async () => {
        latest = await readInStep();
      },
      afterStep: async (step) => {
        const started = before.get(step.revision.id)!;
        const restored = latest!;
        const differences = catalogDifferences(started.rows, restored.rows);
        if (differences.length > 0) {
          problems = [
            `Downgrade of ${describe(step)} does not restore the schema its upgrade started from (after the downgrade vs before the upgrade):`,
            ...differences.map((line) => `  ${line}`),
          ];
          throw new DescentEnded();
        }
        const moved = columnOrderChanges(started, restored, earlier);
        earlier = { before: started, after: restored };
        if (moved.length > 0) {
          notes.push(
            `Note: the downgrade of ${describe(step)} restores the schema with columns in another order (PostgreSQL re-adds a column at the end of its table):`,
            ...moved.map((line) => `  ${line}`),
          );
        }
      },
    });
  } catch (error) {
    if (error instanceof MigrationFailedError) return { atHeads: result, problems: [error.message], notes };
    if (!(error instanceof DescentEnded)) throw error;
  }
  return { atHeads: result, problems, notes };
}

/** Thrown from the descent's step hook to end it at the first downgrade that does not restore. */
class DescentEnded extends Error {}

function runOptions(options: ReplayOptions): RunOptions {
  return {
    ...(options.log ? { log: options.log } : {}),
    defaultSchema: options.defaultSchema,
    versionTable: options.versionTable,
  };
}

/** `3f2a9c1b7d4e (add user avatar)` */
function describe(step: MigrationStep): string {
  return step.revision.message ? `${step.revision.id} (${step.revision.message})` : step.revision.id;
}
