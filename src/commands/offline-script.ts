/**
 * `upgrade --sql` and `downgrade --sql`: the steps from a starting point to the target, rendered as a
 * SQL script. With `<start>:<target>` no database is needed; without a start, the script starts where
 * the database is (its version table is read, nothing is written).
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import type { RevisionMap } from "../graph/revision-map.js";
import { renderMigrations } from "../runner/offline.js";
import type { Planner } from "../runner/runner.js";
import type { ScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import type { MigrateResult } from "./migrate.js";

export async function offlineScript(
  config: ResolvedConfig,
  scripts: ScriptDirectory,
  start: string | undefined,
  plan: Planner,
): Promise<MigrateResult> {
  const heads =
    start === undefined
      ? await withConnection(config, (client) => readVersions(client, config.versionTable))
      : startingHeads(scripts.map, start);
  const { lines, steps } = await renderMigrations(scripts, plan(heads, scripts.mapFor(heads)), heads, {
    ...(config.log ? { log: config.log } : {}),
    defaultSchema: config.schemas[0] ?? "public",
    versionTable: config.versionTable,
  });
  return { steps, sql: lines };
}

/** `base` (or nothing) starts from an empty version table; anything else names one revision. */
function startingHeads(map: RevisionMap, start: string): string[] {
  const id = map.resolveOne(start);
  if (id === undefined) return [];
  // The last revision a squash replaced: the table names it, not the squash it reads as.
  return map.get(id).replaces?.at(-1) === start ? [start] : [id];
}
