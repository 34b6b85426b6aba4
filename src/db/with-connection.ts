/**
 * Opens the configured database for the length of one command, and always closes it: the server at
 * the configured URL, or the project's embedded database (started here, served on a loopback port,
 * and shut down cleanly afterwards, also when the command fails). Either way the command gets one
 * `pg.Client`, so no command has a second implementation for the embedded case.
 */
import type pg from "pg";
import { databaseTargetOf } from "../config/database-target.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { announceEmbedded } from "../embedded/embedded-notice.js";
import { silent } from "../log.js";
import { withClient } from "./with-client.js";

/**
 * `use` receives the client and the database as it may be printed: the URL (masked by the caller), or
 * for the embedded database its data directory, since its loopback URL means nothing once the command
 * ends.
 */
export async function withConnection<T>(
  config: Pick<ResolvedConfig, "url" | "retortDir" | "log">,
  use: (client: pg.Client, where: string) => Promise<T>,
): Promise<T> {
  const target = databaseTargetOf(config);
  if (target.kind === "server") return withClient(target.url, (client) => use(client, target.url));

  const log = config.log ?? silent;
  announceEmbedded(log, target.retortDir, target.dataDir);
  // Loaded on demand: a command on a real server never pays for loading PGlite.
  const { openEmbeddedDatabase } = await import("../embedded/embedded-database.js");
  const embedded = await openEmbeddedDatabase(target.retortDir, { log });
  try {
    return await withClient(embedded.url, (client) =>
      use(client, `the embedded database in ${target.dataDir}`),
    );
  } finally {
    await embedded.close();
  }
}
