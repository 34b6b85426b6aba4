/**
 * The version table's rows for output they only decorate (`history --graph` marks the current
 * revisions): a database that cannot be reached gives none, with a warning, instead of failing a
 * command that does not need it. What a reached database says is trusted as usual, so a row naming an
 * unknown revision still fails the command.
 */

import { databaseTargetOf } from "../config/database-target.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import { RetortError } from "../errors.js";
import { logLine } from "../log.js";
import { readVersions } from "../runner/version-table.js";

export const HISTORY_LOGGER = "retort.history";

/** `without`: what the output lacks when the database is not read, for the warning. */
export async function versionsIfReachable(config: ResolvedConfig, without: string): Promise<string[]> {
  const warn = (reason: string) => config.log?.(logLine("WARNING", HISTORY_LOGGER, `${reason}; ${without}`));
  let connected = false;
  try {
    const target = databaseTargetOf(config);
    if (target.kind === "embedded") {
      // No embedded database yet: nothing is applied, and creating one only to find that out would
      // leave a database behind a read-only command.
      const { isDataDir } = await import("../embedded/template.js");
      if (!isDataDir(target.dataDir)) return [];
    }
    return await withConnection(config, (client) => {
      connected = true;
      return readVersions(client, config.versionTable);
    });
  } catch (error) {
    if (connected || !(error instanceof RetortError)) throw error;
    warn(error.message);
    return [];
  }
}
