/**
 * `retort check`: would autogenerate produce anything? For CI: the database must be at the head(s),
 * and the models must then need no operation.
 *
 * With a shadow (`--shadow`, `--shadow-url`) the configured database is never opened: every migration
 * is replayed from base into a throw-away database, the models are compared with that, and every
 * downgrade is then run back to base and must restore the schema its upgrade started from.
 */
import type pg from "pg";
import type { RawModel } from "../canonicalise/index.js";
import { filterSchema } from "../config/object-filter.js";
import { serverVersion } from "../introspect/read-server.js";
import type { Operation } from "../ops/operations.js";
import { readVersions } from "../runner/version-table.js";
import type { Schema } from "../schema/ir.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { recordSpan } from "../timings.js";
import type { CheckReport } from "./check-report.js";
import type { AutogeneratePolicy, CompareOptions, DatabaseReader } from "./compare.js";
import { earlyDatabaseReader, schemasToRead } from "./early-reader.js";
import { InSyncMemo } from "./in-sync-memo.js";
import { early, withModelAndConnection } from "./model-and-database.js";
import { modelSourceOf } from "./model-source.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

/**
 * What a check needs besides the early reads, imported once connected: on a server, these modules (the
 * model cache and reader, the differ, the reports: a third of a steady check's start-up at 500
 * entities) then load while the server answers the early reads, instead of before connecting.
 */
const comparisonModules = () =>
  Promise.all([
    import("../canonicalise/index.js"),
    import("../runner/script-directory.js"),
    import("./autogenerate-guard.js"),
    import("./compare.js"),
    import("./hazard-policy.js"),
    import("./check-report.js"),
  ]).then(
    ([
      { canonicaliseModel, loadRawModel },
      { loadScriptDirectory },
      { ensureAtHeads },
      { compareModelToDatabase, comparePolicy },
      { enforceHazardPolicy },
      { checkReport },
    ]) => ({
      canonicaliseModel,
      loadRawModel,
      loadScriptDirectory,
      ensureAtHeads,
      compareModelToDatabase,
      comparePolicy,
      enforceHazardPolicy,
      checkReport,
    }),
  );

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
  let loading: ReturnType<typeof comparisonModules> | undefined;
  const modules = () => {
    loading ??= comparisonModules();
    return loading;
  };
  const compareOptions = async (): Promise<CompareOptions> => ({
    schemas: config.schemas,
    versionTable: config.versionTable,
    filters: config.filters,
    // Not options.ask, whatever a caller passed: check never waits for an answer.
    ...(await modules()).comparePolicy({
      ...(options.renames ? { renames: options.renames } : {}),
      ...(options.online ? { online: true } : {}),
    }),
  });
  // The model first, then the migrations: the order their errors are reported in.
  const load = async () => {
    const { loadRawModel, loadScriptDirectory } = await modules();
    const model = await loadRawModel(modelSourceOf(config));
    return { model, scripts: await loadScriptDirectory(config.migrationsDir) };
  };
  const compare = async (
    client: pg.Client,
    model: RawModel,
    database?: DatabaseReader,
    canonical?: Promise<Schema>,
  ) => {
    const { compareModelToDatabase, enforceHazardPolicy } = await modules();
    const { operations, detections } = await compareModelToDatabase(
      client,
      model,
      await compareOptions(),
      database,
      canonical,
    );
    enforceHazardPolicy(operations, options.failOnHazard ?? []);
    return { operations, detections };
  };
  if (options.shadow) {
    // Loaded only with a shadow: the replay brings the runner and the embedded database's modules.
    const [{ replayOptionsOf, shadowContextOf, shadowOf }, { roundTrip }, { withShadowDatabase }] =
      await Promise.all([
        import("./database-at.js"),
        import("../shadow/replay.js"),
        import("../shadow/shadow-database.js"),
      ]);
    const shadow = shadowOf(options.shadow)!;
    // The embedded shadow's PostgreSQL compiles and its template is read while the model and migrations load.
    if (shadow.url === undefined)
      void import("../embedded/read-ahead.js").then((ahead) =>
        ahead.prepareThrowawayDatabase(config.retortDir),
      );
    const { model, scripts } = await load();
    const result = await withShadowDatabase(shadow, shadowContextOf(config), async (client) => {
      const trip = await roundTrip(client, scripts, replayOptionsOf(config), () => compare(client, model));
      return { ...trip.atHeads, roundTrip: trip.problems, notes: trip.notes };
    });
    return (await modules()).checkReport(result);
  }
  const result: CheckResult = await withModelAndConnection(
    config,
    load,
    // What needs no model is read while it loads: the version table, and the catalog.
    (client) => {
      // The catalog first: its one request then keeps the server busy (the client sends a query only
      // when the one before it is answered, and the model's loading holds this thread).
      const database = earlyDatabaseReader(client, config);
      const versions = early(readVersions(client, config.versionTable));
      // Only now, connected and with the reads sent: the modules' loading holds this thread.
      early(modules());
      return { database, versions };
    },
    async (client, { model, scripts }, { versions, database }) => {
      const { canonicaliseModel, ensureAtHeads } = await modules();
      const comparing = await compareOptions();
      const memo = InSyncMemo.of(model, comparing, options.failOnHazard);
      // When a check found this model in sync before, the catalog will most likely say so again: the
      // model is made canonical only if it does not (at 500 entities, decoding the canonical model from
      // the cache and the collections it left were a fifth of a steady check's CPU).
      const hopeful = memo?.knowsModel(await serverVersion(client)) ?? false;
      // Otherwise it is made canonical while the catalog and the version table are still on their way
      // (from the model cache: decoding its entry, 75 ms at 5000 entities, then waited for nothing).
      // Its errors still come after the version table's.
      const whileWaiting = () => database.prepare();
      let canonical = hopeful ? undefined : early(canonicaliseModel(client, model, whileWaiting));
      ensureAtHeads(scripts.map, await versions);
      if (hopeful && memo!.remembers(await database.answer())) {
        recordSpan("in sync, as the last check of this model and catalog found", performance.now());
        return inSync;
      }
      canonical ??= canonicaliseModel(client, model, whileWaiting);
      const result = { ...(await compare(client, model, database, canonical)), roundTrip: [], notes: [] };
      if (memo && result.operations.length === 0 && result.detections.length === 0) {
        // Remembered only when the comparison read the early read's catalog: the schemas the model
        // names are the config's.
        const read = database.answerFor(
          schemasToRead(comparing, filterSchema(await canonical, comparing.filters ?? {})),
        );
        if (read) memo.remember(await read);
      }
      return result;
    },
  );
  return (await modules()).checkReport(result);
}

const inSync: CheckResult = { operations: [], detections: [], roundTrip: [], notes: [] };
