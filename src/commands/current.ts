/** `retort current`: the revision(s) the database is at. Never creates the version table. */
import type { ResolvedConfig } from "../config/load-config.js";
import { maskUrl } from "../db/connect.js";
import { withConnection } from "../db/with-connection.js";
import { formatLogEntry, formatOneLine } from "../graph/format-revision.js";
import type { RevisionMap } from "../graph/revision-map.js";
import { logLine } from "../log.js";
import { MIGRATION_LOGGER } from "../runner/logger-names.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { progressTableOf, readProgress } from "../runner/step-progress.js";
import { readVersions } from "../runner/version-table.js";
import { type RevisionInfo, revisionInfo } from "./revision-info.js";

export interface CurrentOptions {
  readonly verbose?: boolean;
}

/**
 * The lines to print: `ae1027a6acf (head)` per head; `<base>` when no revision is applied (Alembic
 * prints nothing there, which reads as if the command had not run).
 */
export async function current(config: ResolvedConfig, options: CurrentOptions = {}): Promise<string[]> {
  const { map, ids, where } = await currentState(config);
  if (ids.length === 0) {
    const base = "<base> (no revision applied)";
    return options.verbose ? [`Current revision(s) for ${maskUrl(where)}:`, base] : [base];
  }
  if (!options.verbose) return ids.map((id) => formatOneLine(map, id));
  return [`Current revision(s) for ${maskUrl(where)}:`, ...ids.flatMap((id) => formatLogEntry(map, id))];
}

/** `current --json` and the library: the revisions the database is at, as data. */
export async function currentData(config: ResolvedConfig): Promise<{ heads: RevisionInfo[] }> {
  const { map, ids } = await currentState(config);
  const at = new Set(ids);
  return { heads: ids.map((id) => revisionInfo(map, id, at)) };
}

async function currentState(config: ResolvedConfig) {
  const { map } = await loadScriptDirectory(config.migrationsDir);
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
  return { map, ids: currentRevisions(map, versions), where };
}

/**
 * The version table's rows as revisions, plus any revision they depend on that no row descends from
 * (Alembic's `get_all_current`). An unknown row fails with "Can't locate revision identified by ...".
 */
export function currentRevisions(map: RevisionMap, versions: readonly string[]): string[] {
  const applied = map.ancestors(versions.map((v) => map.lookup(v)));
  return map.revisions
    .map((r) => r.id)
    .filter((id) => applied.has(id))
    .filter(
      (id) =>
        ![...map.descendants([id], { includeDependencies: false })].some((d) => d !== id && applied.has(d)),
    );
}
