/**
 * `retort revision -m <msg> [--autogenerate]`: a new migration file after the current head, or after
 * `--head <rev>` (`--splice` when that is not a head; `base` for a new root), optionally with a
 * `--branch-label` and `--depends-on` revisions (./new-revision.ts has the rules). With --autogenerate
 * its upgrade() is the diff from the database to the models and its downgrade() the reversed inverses
 * of that diff.
 */
import { loadRawModel } from "../canonicalise/index.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { annotateHazards } from "../diff/hazards.js";
import { type Log, logLine, silent } from "../log.js";
import type { Operation } from "../ops/operations.js";
import { reverseAll } from "../ops/reverse.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { type AutogenerateOptions, compareModelToDatabase, comparePolicy } from "./compare.js";
import { withDatabaseAt } from "./database-at.js";
import { enforceHazardPolicy } from "./hazard-policy.js";
import { modelSourceOf } from "./model-source.js";
import { planRevision, writeRevision } from "./new-revision.js";

export interface RevisionOptions {
  readonly message?: string;
  readonly autogenerate?: boolean;
  readonly revId?: string;
  /** The revision the new one follows: `head` by default; `base` starts a new root. */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head, starting a new branch from it. */
  readonly splice?: boolean;
  readonly branchLabel?: string;
  /** Revision ids, prefixes or branch labels it depends on (prefixes written back as full ids). */
  readonly dependsOn?: readonly string[];
  /** Compare the models with a shadow database the migrations are replayed into, not the configured one. */
  readonly shadow?: ShadowOptions;
  /** Renames, --online and --fail-on-hazard for --autogenerate. */
  readonly autogenerateOptions?: AutogenerateOptions;
  /** With autogenerate: write the file even when nothing changed (Alembic's behaviour). */
  readonly allowEmpty?: boolean;
  readonly log?: Log;
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

export async function revision(
  config: ResolvedConfig,
  options: RevisionOptions = {},
): Promise<RevisionResult> {
  const log = options.log ?? silent;
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const map = scripts.map;
  const planned = planRevision(map, config.migrationsDir, {
    heads: [options.head ?? "head"],
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.splice ? { splice: true } : {}),
    ...(options.branchLabel !== undefined ? { branchLabel: options.branchLabel } : {}),
    ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
    fileName: config.fileName,
  });
  const parents = planned.revision.downRevisions;

  let upgrade: Operation[] = [];
  if (options.autogenerate) {
    const model = await loadRawModel(modelSourceOf(config));
    // With a shadow, the migrations are replayed into a throw-away database instead of reading this one.
    upgrade = await withDatabaseAt(
      config,
      scripts,
      parents,
      options.shadow,
      async (client) => {
        const comparison = await compareModelToDatabase(client, model, {
          schemas: config.schemas,
          versionTable: config.versionTable,
          filters: config.filters,
          ...comparePolicy(options.autogenerateOptions ?? {}),
        });
        for (const detection of comparison.detections)
          log(logLine("INFO", "retort.autogenerate.compare", detection));
        return comparison.operations;
      },
      log,
    );
  }

  if (options.autogenerate && upgrade.length === 0 && !options.allowEmpty) {
    return { revision: planned.revision.id, path: planned.path, operations: [], written: false };
  }
  // Before anything is written: a refused hazard leaves no file behind.
  enforceHazardPolicy(upgrade, options.autogenerateOptions?.failOnHazard ?? []);
  await writeRevision(planned, {
    upgrade,
    // The downgrade's own hazards (a widening undone is a narrowing), without row facts.
    downgrade: annotateHazards(reverseAll(upgrade)),
    defaultSchema: config.schemas[0] ?? "public",
    ...(config.template ? { template: config.template } : {}),
  });
  return { revision: planned.revision.id, path: planned.path, operations: upgrade, written: true };
}
