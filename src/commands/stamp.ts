/**
 * `retort stamp <revision...> [--purge]`: record in the version table that the database is at the given
 * revision(s) without running any migration: for a database built by other means, or to repair the
 * table (`--purge` first deletes every row, even ones naming revisions that no longer exist). Returns
 * the version table's rows afterwards.
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import { MultipleHeadsError, RetortError } from "../errors.js";
import type { Log } from "../log.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { stampVersionTable } from "../runner/stamp.js";
import { readVersions } from "../runner/version-table.js";

export interface StampCommandOptions {
  readonly purge?: boolean;
  /** Receives the progress lines (`INFO  [retort.runtime.migration] Running stamp_revision  -> ...`). */
  readonly log?: Log;
  /** Give up waiting for another run's migration lock after this many seconds (default: wait). */
  readonly lockTimeoutSeconds?: number;
}

export async function stamp(
  config: ResolvedConfig,
  revisions: readonly string[],
  options: StampCommandOptions = {},
): Promise<string[]> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  return withConnection(config, async (client) => {
    try {
      await stampVersionTable(client, map, revisions, {
        ...(options.purge ? { purge: true } : {}),
        versionTable: config.versionTable,
        ...(options.log ? { log: options.log } : {}),
        ...(options.lockTimeoutSeconds !== undefined
          ? { lockTimeoutSeconds: options.lockTimeoutSeconds }
          : {}),
      });
    } catch (error) {
      // Alembic's wording for stamp (`_stamp_revs`): there is no single "head" to stamp.
      if (error instanceof MultipleHeadsError) {
        throw new RetortError("Multiple heads are present; please specify a single target revision", {
          cause: error,
        });
      }
      throw error;
    }
    return readVersions(client, config.versionTable);
  });
}
