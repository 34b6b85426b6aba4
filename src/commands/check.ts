/**
 * `retort check`: would autogenerate produce anything? For CI: the database must be at the head(s),
 * and the models must then need no operation.
 *
 * With a shadow (`--shadow`, `--shadow-url`) the configured database is never opened: every migration
 * is replayed from base into a throw-away database, the models are compared with that, and every
 * downgrade is then run back to base and must restore the schema its upgrade started from.
 */
import type pg from "pg";
import { canonicaliseModel, loadRawModel, type RawModel } from "../canonicalise/index.js";
import type { Operation } from "../ops/operations.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import type { Schema } from "../schema/ir.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { ensureAtHeads } from "./autogenerate-guard.js";
import { type CheckReport, checkReport } from "./check-report.js";
import {
  type AutogeneratePolicy,
  type CompareOptions,
  compareModelToDatabase,
  comparePolicy,
  type DatabaseReader,
  earlyDatabaseReader,
} from "./compare.js";
import { replayOptionsOf, shadowContextOf, shadowOf } from "./database-at.js";
import { enforceHazardPolicy } from "./hazard-policy.js";
import { early, withModelAndConnection } from "./model-and-database.js";
import { modelSourceOf } from "./model-source.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

/**
 * Renames, `online` and `failOnHazard`, as for autogenerate, but no `ask`: check is what CI runs and
 * never waits for an answer; an unanswered look-alike is reported as a possible rename instead.
 */
export interface CheckOptions extends ProjectOptions, Omit<AutogeneratePolicy, "ask"> {
  /**
   * Replay the migrations into a throw-away database (`true`: an embedded one) instead of reading the
   * configured one, and check every downgrade on the way back.
   */
  readonly shadow?: ShadowOptions | boolean;
}

export interface CheckResult {
  readonly operations: readonly Operation[];
  /** One "Detected ..." line per finding. */
  readonly detections: readonly string[];
  /** With a shadow: the downgrade that failed or left the schema different, and how; else empty. */
  readonly roundTrip: readonly string[];
  /**
   * With a shadow: downgrades that restored every column, constraint and index but left a re-added
   * column at the end of its table (PostgreSQL cannot put it back in place). Not a failure.
   */
  readonly notes: readonly string[];
}

/**
 * Unlike the CLI, a difference is not an error: it is `upToDate: false` with the operations listed. A
 * database behind its heads throws (TargetNotUpToDateError, its `pending` the revisions not yet
 * applied), and so does an operation with a hazard `failOnHazard` refuses.
 */
export async function check(options: CheckOptions = {}): Promise<CheckReport> {
  const config = await resolveProjectConfig(options);
  const compareOptions: CompareOptions = {
    schemas: config.schemas,
    versionTable: config.versionTable,
    filters: config.filters,
    // Not options.ask, whatever a caller passed: check never waits for an answer.
    ...comparePolicy({
      ...(options.renames ? { renames: options.renames } : {}),
      ...(options.online ? { online: true } : {}),
    }),
  };
  // The model first, then the migrations: the order their errors are reported in.
  const load = async () => {
    const model = await loadRawModel(modelSourceOf(config));
    return { model, scripts: await loadScriptDirectory(config.migrationsDir) };
  };
  const compare = async (
    client: pg.Client,
    model: RawModel,
    database?: DatabaseReader,
    canonical?: Promise<Schema>,
  ) => {
    const { operations, detections } = await compareModelToDatabase(
      client,
      model,
      compareOptions,
      database,
      canonical,
    );
    enforceHazardPolicy(operations, options.failOnHazard ?? []);
    return { operations, detections };
  };
  const shadow = shadowOf(options.shadow);
  if (shadow) {
    const { model, scripts } = await load();
    // Loaded only with a shadow: the replay brings the runner and the embedded database's modules.
    const [{ roundTrip }, { withShadowDatabase }] = await Promise.all([
      import("../shadow/replay.js"),
      import("../shadow/shadow-database.js"),
    ]);
    const result = await withShadowDatabase(shadow, shadowContextOf(config), async (client) => {
      const trip = await roundTrip(client, scripts, replayOptionsOf(config), () => compare(client, model));
      return { ...trip.atHeads, roundTrip: trip.problems, notes: trip.notes };
    });
    return checkReport(result);
  }
  const result: CheckResult = await withModelAndConnection(
    config,
    load,
    // What needs no model is read while it loads: the version table, and the catalog.
    (client) => {
      // The catalog first: its one request then keeps the server busy (the client sends a query only
      // when the one before it is answered, and the model's loading holds this thread).
      const database = earlyDatabaseReader(client, compareOptions);
      return { database, versions: early(readVersions(client, config.versionTable)) };
    },
    async (client, { model, scripts }, { versions, database }) => {
      // The model made canonical while the catalog and the version table are still on their way (from
      // the model cache: decoding its entry, 75 ms at 5000 entities, then waited for nothing). Its
      // errors still come after the version table's.
      const canonical = canonicaliseModel(client, model);
      canonical.catch(() => {});
      ensureAtHeads(scripts.map, await versions);
      return { ...(await compare(client, model, database, canonical)), roundTrip: [], notes: [] };
    },
  );
  return checkReport(result);
}
