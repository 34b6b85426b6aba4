/**
 * Replays the migrations into an empty (shadow) database with the ordinary runner: the same
 * transactions, version table and `op` implementation as `retort upgrade`, so what is proved on the
 * shadow holds for the real thing.
 *
 * `roundTrip` also proves every downgrade: on the way up it snapshots the schema (the introspection IR)
 * before each upgrade; on the way back down, after each downgrade, the schema must equal that snapshot,
 * column order apart (a re-added column can only be appended: see ./column-order.ts), which is noted.
 */

import type pg from "pg";
import { MigrationFailedError } from "../errors.js";
import { type MigrationStep, stepFor, upgradeSteps } from "../graph/steps.js";
import type { Log } from "../log.js";
import { type RunOptions, runMigrations } from "../runner/runner.js";
import type { ScriptDirectory } from "../runner/script-directory.js";
import { retortOwnTables } from "../runner/step-progress.js";
import type { VersionTableName } from "../runner/version-table.js";
import type { Schema } from "../schema/ir.js";
import { columnOrderChanges, type EarlierStep } from "./column-order.js";
import { schemaDifferences } from "./schema-differences.js";
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
      (heads) => upgradeSteps(scripts.map, heads, target),
      runOptions(options),
    );
  }
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
 * downgrade checked against the snapshot taken before its upgrade. An upgrade that fails throws (there
 * is no head to check against); the first downgrade that fails or does not restore the schema ends the
 * descent, since every later comparison would only repeat it.
 */
export async function roundTrip<T>(
  client: pg.Client,
  scripts: ScriptDirectory,
  options: ReplayOptions,
  atHeads: () => Promise<T>,
): Promise<RoundTrip<T>> {
  const steps = upgradeSteps(scripts.map, [], "heads");
  const before: Schema[] = [];
  for (const step of steps) {
    before.push(await snapshot(client, options.versionTable));
    await runStep(client, scripts, step, options);
  }
  const result = await atHeads();

  const notes: string[] = [];
  let earlier: EarlierStep | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = stepFor(scripts.map, steps[i]!.revision.id, "downgrade");
    try {
      await runStep(client, scripts, step, options);
    } catch (error) {
      if (!(error instanceof MigrationFailedError)) throw error;
      return { atHeads: result, problems: [error.message], notes };
    }
    const restored = await snapshot(client, options.versionTable);
    const differences = schemaDifferences(before[i]!, restored);
    if (differences.length > 0) {
      return {
        atHeads: result,
        problems: [
          `Downgrade of ${describe(step)} does not restore the schema its upgrade started from (after the downgrade vs before the upgrade):`,
          ...differences.map((line) => `  ${line}`),
        ],
        notes,
      };
    }
    const moved = columnOrderChanges(before[i]!, restored, earlier);
    earlier = { before: before[i]!, after: restored };
    if (moved.length > 0) {
      notes.push(
        `Note: the downgrade of ${describe(step)} restores the schema with columns in another order (PostgreSQL re-adds a column at the end of its table):`,
        ...moved.map((line) => `  ${line}`),
      );
    }
  }
  return { atHeads: result, problems: [], notes };
}

async function runStep(
  client: pg.Client,
  scripts: ScriptDirectory,
  step: MigrationStep,
  options: ReplayOptions,
): Promise<void> {
  await runMigrations(client, scripts, () => [step], runOptions(options));
}

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

function snapshot(client: pg.Client, versionTable: VersionTableName): Promise<Schema> {
  return snapshotAllSchemas(client, retortOwnTables(versionTable));
}
