/**
 * Stamping an imported history: which TypeORM migration the live database ran last (read before any
 * file is written, so a story that does not add up is refused first), and the version table set to
 * its revision.
 */

import { databaseTargetOf } from "../config/database-target.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import { RetortError } from "../errors.js";
import { type Log, logLine } from "../log.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { stampVersionTable } from "../runner/stamp.js";
import { readVersions } from "../runner/version-table.js";
import { lastAppliedOf, readAppliedMigrations, type TypeormTable } from "./applied-migrations.js";
import type { PlannedFile } from "./plan-files.js";
import { IMPORT_LOGGER } from "./record-migrations.js";

/**
 * The TypeORM migration the database ran last, or why nothing will be stamped: no URL, no TypeORM
 * table, nothing applied, or no database reachable (the files are still written, and importing again
 * later stamps).
 */
export async function lastAppliedIn(
  config: ResolvedConfig,
  planned: readonly PlannedFile[],
  where: TypeormTable,
  log: Log,
): Promise<{ readonly last: PlannedFile } | { readonly notStamped: string }> {
  const later = (reason: string) => {
    log(
      logLine(
        "WARNING",
        IMPORT_LOGGER,
        `Nothing stamped: ${reason}. To stamp once the database is reachable: run retort import-typeorm ` +
          "again, or retort stamp <the revision of the last TypeORM migration it ran>",
      ),
    );
    return { notStamped: reason };
  };
  if (databaseTargetOf(config).kind === "embedded")
    return later("no database URL (--url, config url or DATABASE_URL)");
  let connected = false;
  try {
    return await withConnection(config, async (client) => {
      connected = true;
      const applied = await readAppliedMigrations(client, where);
      if (applied === undefined) {
        log(
          logLine(
            "INFO",
            IMPORT_LOGGER,
            `No TypeORM table '${where.table}' in the database: nothing to stamp`,
          ),
        );
        return { notStamped: `no table '${where.table}'` };
      }
      const last = lastAppliedOf(
        planned.map((p) => p.migration.name),
        applied,
      );
      if (last === undefined) {
        log(logLine("INFO", IMPORT_LOGGER, "The database has run no TypeORM migration: nothing to stamp"));
        return { notStamped: "no TypeORM migration applied" };
      }
      log(logLine("INFO", IMPORT_LOGGER, `The database has run TypeORM migrations up to ${last}`));
      return { last: planned.find((p) => p.migration.name === last)! };
    });
  } catch (error) {
    if (!connected && error instanceof RetortError) return later(error.message);
    throw error;
  }
}

/**
 * Stamps the version table at `target`: when it is empty, or forward from an earlier import's revision.
 * A version table that names anything else was set by someone since, and is not overwritten.
 */
export async function stampAt(
  config: ResolvedConfig,
  planned: readonly PlannedFile[],
  target: PlannedFile,
  log: Log,
): Promise<string> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  return withConnection(config, async (client) => {
    const versions = await readVersions(client);
    const ours = planned.map((p) => p.revision);
    if (versions.length > 1 || versions.some((v) => !ours.includes(v))) {
      throw new RetortError(
        `The database's retort version table already records ${versions.join(", ")}; not stamping over it ` +
          `(the last TypeORM migration it ran is ${target.migration.name}, revision ${target.revision}: use retort stamp)`,
      );
    }
    const current = versions[0];
    if (current !== undefined && ours.indexOf(current) >= ours.indexOf(target.revision)) {
      log(logLine("INFO", IMPORT_LOGGER, `The database is already at ${current}: not stamped again`));
      return current;
    }
    await stampVersionTable(client, map, [target.revision], { log });
    return target.revision;
  });
}
