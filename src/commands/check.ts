/**
 * `retort check`: would autogenerate produce anything? For CI: the database must be at the head(s),
 * and the models must then need no operation.
 *
 * With a shadow (`--shadow`, `--shadow-url`) the configured database is never opened: every migration
 * is replayed from base into a throw-away database, the models are compared with that, and every
 * downgrade is then run back to base and must restore the schema its upgrade started from.
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import type { Log } from "../log.js";
import { loadRawModel } from "../models/index.js";
import type { Operation } from "../ops/operations.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { roundTrip } from "../shadow/replay.js";
import { type ShadowOptions, withShadowDatabase } from "../shadow/shadow-database.js";
import { ensureDatabaseAtHeads } from "./autogenerate-guard.js";
import { type AutogenerateOptions, compareModelToDatabase, comparePolicy } from "./compare.js";
import { replayOptionsOf, shadowContextOf } from "./database-at.js";
import { enforceHazardPolicy } from "./hazard-policy.js";
import { modelSourceOf } from "./model-source.js";

export interface CheckOptions {
  /**
   * Renames, --online and --fail-on-hazard, as for `revision --autogenerate`. An `ask` is ignored:
   * check is what CI runs and never waits for an answer; an unanswered look-alike is reported as a
   * possible rename instead.
   */
  readonly autogenerateOptions?: AutogenerateOptions;
  /** Check against a shadow database instead of the configured one, downgrades included. */
  readonly shadow?: ShadowOptions;
  /** Receives the replay's progress lines (`Running upgrade ...`). */
  readonly log?: Log;
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

export async function check(config: ResolvedConfig, options: CheckOptions = {}): Promise<CheckResult> {
  const model = await loadRawModel(modelSourceOf(config));
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const { ask: _neverAsked, ...policy } = options.autogenerateOptions ?? {};
  const compare = async (client: Parameters<typeof compareModelToDatabase>[0]) => {
    const { operations, detections } = await compareModelToDatabase(client, model, {
      schemas: config.schemas,
      versionTable: config.versionTable,
      filters: config.filters,
      ...comparePolicy(policy),
    });
    enforceHazardPolicy(operations, options.autogenerateOptions?.failOnHazard ?? []);
    return { operations, detections };
  };
  if (options.shadow) {
    const shadow = options.shadow;
    return withShadowDatabase(shadow, shadowContextOf(config), async (client) => {
      const trip = await roundTrip(client, scripts, replayOptionsOf(config, options.log), () =>
        compare(client),
      );
      return { ...trip.atHeads, roundTrip: trip.problems, notes: trip.notes };
    });
  }
  return withConnection(config, async (client) => {
    await ensureDatabaseAtHeads(client, scripts.map, config.versionTable);
    return { ...(await compare(client)), roundTrip: [], notes: [] };
  });
}
