/** `retort current`: the revision(s) the database is at. Never creates the version table. */
import { withConnection } from "../db/with-connection.js";
import type { RevisionMap } from "../graph/revision-map.js";
import { recordedHeads } from "../graph/version-changes.js";
import { logLine } from "../log.js";
import { MIGRATION_LOGGER } from "../runner/logger-names.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readProgress } from "../runner/step-progress.js";
import { progressTableOf, readVersions } from "../runner/version-table.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";
import { type RevisionInfo, type RevisionListing, revisionInfos } from "./revision-info.js";

export interface CurrentListing extends RevisionListing {
  /** The database as it may be printed once masked: its URL, or the embedded database's data directory. */
  readonly where: string;
  /**
   * Each revision whose version-table row is spelled otherwise, and that row: a row naming the last
   * revision a squash replaced stands for the squash (src/graph/squash-view.ts).
   */
  readonly recordedAs: ReadonlyMap<string, string>;
}

/** The revisions the database is at, as data (`current --json`); none when it is unversioned. */
export async function current(options: ProjectOptions = {}): Promise<{ heads: RevisionInfo[] }> {
  return { heads: revisionInfos(await listCurrent(options)) };
}

/** The revisions the database is at, in their graph, and which database that is. */
export async function listCurrent(options: ProjectOptions = {}): Promise<CurrentListing> {
  const config = await resolveProjectConfig(options);
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const { versions, interrupted, where } = await withConnection(config, async (client, where) => ({
    versions: await readVersions(client, config.versionTable),
    interrupted: await readProgress(client, progressTableOf(config.versionTable)),
    where,
  }));
  // The version table alone would hide that the database is between two revisions.
  for (const step of interrupted) {
    config.log?.(
      logLine(
        "WARNING",
        MIGRATION_LOGGER,
        `The ${step.direction} of revision ${step.revision} was interrupted after committing part of it; ` +
          `\`retort ${step.direction === "upgrade" ? `upgrade ${step.revision}` : "downgrade -1"}\` finishes it`,
      ),
    );
  }
  const map = scripts.mapFor(versions);
  const ids = currentRevisions(map, versions);
  return { map, ids, current: new Set(ids), where, recordedAs: recordedHeads(map, versions).spelling };
}

/**
 * The version table's rows as revisions, plus any revision they depend on that no row descends from
 * (Alembic's `get_all_current`). An unknown row fails with "Can't locate revision identified by ...".
 */
export function currentRevisions(map: RevisionMap, versions: readonly string[]): string[] {
  const applied = map.ancestors(versions.map((v) => map.recordedRevision(v)));
  return map.revisions
    .map((r) => r.id)
    .filter((id) => applied.has(id))
    .filter(
      (id) =>
        ![...map.descendants([id], { includeDependencies: false })].some((d) => d !== id && applied.has(d)),
    );
}
