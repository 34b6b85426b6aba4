/**
 * Opens the configured database for the length of one command, and always closes it: the server at
 * the configured URL, or the project's embedded database (started here, served on a loopback port,
 * and shut down cleanly afterwards, also when the command fails). Either way the command gets one
 * `pg.Client`, so no command has a second implementation for the embedded case.
 */
import type pg from "pg";
import { databaseTargetOf, EMBEDDED_REASON } from "../config/database-target.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { connect } from "../db/connect.js";
import { type Log, logLine, silent } from "../log.js";

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
  announce(log, target.dataDir);
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

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const announced = new Set<string>();

/** Said once per process and data directory, however many times a command connects. */
function announce(log: Log, dataDir: string): void {
  if (announced.has(dataDir)) return;
  announced.add(dataDir);
  log(logLine("INFO", "retort.embedded", `Using the embedded database in ${dataDir} (${EMBEDDED_REASON})`));
}
