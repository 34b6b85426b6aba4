/**
 * `retort revision -m <msg> [--autogenerate]`: a new migration file after the current head, or after
 * `head` (`splice` when that is not a head; `base` for a new root), optionally with a `branchLabel` and
 * `dependsOn` revisions (./new-revision.ts has the rules). `revision` writes it empty, to fill in by
 * hand; `autogenerate` fills its upgrade() with the diff from the database to the models and its
 * downgrade() with the reversed inverses of that diff.
 */
import { loadRawModel } from "../canonicalise/index.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { annotateHazards } from "../diff/hazards.js";
import type { RevisionMap } from "../graph/revision-map.js";
import { logLine, silent } from "../log.js";
import type { Operation } from "../ops/operations.js";
import { reverseAll } from "../ops/reverse.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { ensureAt } from "./autogenerate-guard.js";
import { type AutogeneratePolicy, compareModelToDatabase, comparePolicy } from "./compare.js";
import { shadowOf, withDatabaseAt } from "./database-at.js";
import { earlyDatabaseReader } from "./early-reader.js";
import { enforceHazardPolicy } from "./hazard-policy.js";
import { early, withModelAndConnection } from "./model-and-database.js";
import { modelSourceOf } from "./model-source.js";
import { type PlannedRevision, planRevision, writeRevision } from "./new-revision.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export interface RevisionOptions extends ProjectOptions {
  readonly message?: string;
  readonly revId?: string;
  /** The revision the new one follows: `head` by default; `base` starts a new root. */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head, starting a new branch from it. */
  readonly splice?: boolean;
  readonly branchLabel?: string;
  /** Revision ids, prefixes or branch labels it depends on (prefixes written back as full ids). */
  readonly dependsOn?: readonly string[];
}

export interface AutogenerateOptions extends RevisionOptions, AutogeneratePolicy {
  /**
   * Compare with a throw-away database the migrations are replayed into (`true`: an embedded one), not
   * the configured one.
   */
  readonly shadow?: ShadowOptions | boolean;
  /** Write the file even when nothing changed (Alembic's behaviour); by default nothing is written. */
  readonly allowEmpty?: boolean;
}

export interface RevisionResult {
  readonly revision: string;
  readonly path: string;
  readonly operations: readonly Operation[];
  /**
   * False when autogenerate found nothing to do and `allowEmpty` was not set: no file was written
   * (`revision` and `path` are the ones it would have had).
   */
  readonly written: boolean;
}

/** `retort revision -m <message>`: an empty migration to fill in by hand. */
export async function revision(options: RevisionOptions = {}): Promise<RevisionResult> {
  const config = await resolveProjectConfig(options);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const planned = plan(config, map, options);
  await write(config, planned, []);
  return { revision: planned.revision.id, path: planned.path, operations: [], written: true };
}

/**
 * `retort revision --autogenerate -m <message>`: a migration whose upgrade() turns the database's schema
 * into the models' and whose downgrade() reverses it. When nothing changed no file is written
 * (`written: false`), unless `allowEmpty` is set (Alembic writes one).
 */
export async function autogenerate(options: AutogenerateOptions = {}): Promise<RevisionResult> {
  const config = await resolveProjectConfig(options);
  const log = config.log ?? silent;
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const planned = plan(config, scripts.map, options);
  const source = modelSourceOf(config);
  const compareOptions = {
    schemas: config.schemas,
    versionTable: config.versionTable,
    filters: config.filters,
    ...comparePolicy(options),
  };
  const parents = planned.revision.downRevisions;
  const shadow = shadowOf(options.shadow);
  // With a shadow, the migrations are replayed into a throw-away database instead of reading this one;
  // with tenants (and no shadow), one reference tenant stands for them all (./reference-tenant.ts).
  // Otherwise the configured database is read while the model loads (./model-and-database.ts): on a
  // cache miss that is TypeORM's second or more, which the catalog read now hides under.
  const comparison =
    config.tenants !== undefined && shadow === undefined
      ? await (await import("./reference-tenant.js")).compareWithReferenceTenant(
          config,
          scripts.map,
          parents,
          await loadRawModel(source),
          compareOptions,
        )
      : shadow !== undefined
        ? await loadRawModel(source).then((model) =>
            withDatabaseAt(config, scripts, parents, shadow, (client) =>
              compareModelToDatabase(client, model, compareOptions),
            ),
          )
        : await withModelAndConnection(
            config,
            () => loadRawModel(source),
            (client) => {
              const database = earlyDatabaseReader(client, compareOptions);
              return { database, versions: early(readVersions(client, config.versionTable)) };
            },
            async (client, model, { database, versions }) => {
              ensureAt(scripts.map, parents, await versions);
              return compareModelToDatabase(client, model, compareOptions, database);
            },
          );
  for (const detection of comparison.detections)
    log(logLine("INFO", "retort.autogenerate.compare", detection));
  const upgrade = comparison.operations;
  if (upgrade.length === 0 && !options.allowEmpty) {
    return { revision: planned.revision.id, path: planned.path, operations: [], written: false };
  }
  // Before anything is written: a refused hazard leaves no file behind.
  enforceHazardPolicy(upgrade, options.failOnHazard ?? []);
  await write(config, planned, upgrade);
  return { revision: planned.revision.id, path: planned.path, operations: upgrade, written: true };
}

function plan(config: ResolvedConfig, map: RevisionMap, options: RevisionOptions): PlannedRevision {
  return planRevision(map, config.migrationsDir, {
    heads: [options.head ?? "head"],
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.splice ? { splice: true } : {}),
    ...(options.branchLabel !== undefined ? { branchLabel: options.branchLabel } : {}),
    ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
    fileName: config.fileName,
  });
}

function write(config: ResolvedConfig, planned: PlannedRevision, upgrade: Operation[]): Promise<void> {
  return writeRevision(planned, {
    upgrade,
    // The downgrade's own hazards (a widening undone is a narrowing), without row facts.
    downgrade: annotateHazards(reverseAll(upgrade)),
    defaultSchema: config.schemas[0] ?? "public",
    ...(config.template ? { template: config.template } : {}),
  });
}
