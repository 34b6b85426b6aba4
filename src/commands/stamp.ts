/**
 * `retort stamp <revision...> [--purge]`: record in the version table that the database is at the given
 * revision(s) without running any migration: for a database built by other means, or to repair the
 * table (`--purge` first deletes every row, even ones naming revisions that no longer exist). Returns
 * the version table's rows afterwards: the revisions the database is now recorded at.
 */
import { withConnection } from "../db/with-connection.js";
import { MultipleHeadsError, RetortError } from "../errors.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { stampVersionTable } from "../runner/stamp.js";
import { readVersions } from "../runner/version-table.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export interface StampOptions extends ProjectOptions {
  /** Delete every row of the version table first. */
  readonly purge?: boolean;
  /** Give up waiting for another run's migration lock after this many seconds (default: wait). */
  readonly lockTimeoutSeconds?: number;
}

export async function stamp(
  revisions: string | readonly string[],
  options: StampOptions = {},
): Promise<{ versions: string[] }> {
  const config = await resolveProjectConfig(options);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const versions = await withConnection(config, async (client) => {
    try {
      await stampVersionTable(client, map, typeof revisions === "string" ? [revisions] : revisions, {
        ...(options.purge ? { purge: true } : {}),
        versionTable: config.versionTable,
        ...(config.log ? { log: config.log } : {}),
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
  return { versions };
}
