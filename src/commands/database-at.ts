/**
 * The database autogenerate compares the models with, at the revision(s) the new migration follows:
 * either the configured database, which must already be exactly there, or (with a shadow) an empty
 * throw-away database the migrations are replayed into, so the configured one is never opened.
 */
import type pg from "pg";
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import type { ScriptDirectory } from "../runner/script-directory.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { ensureDatabaseAt } from "./autogenerate-guard.js";

export async function withDatabaseAt<T>(
  config: ResolvedConfig,
  scripts: ScriptDirectory,
  revisions: readonly string[],
  shadow: ShadowOptions | undefined,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  if (shadow === undefined) {
    return withConnection(config, async (client) => {
      await ensureDatabaseAt(client, scripts.map, revisions, config.versionTable);
      return use(client);
    });
  }
  // Loaded only with a shadow: the replay brings the runner and the embedded database's modules.
  const [{ replayTo }, { withShadowDatabase }] = await Promise.all([
    import("../shadow/replay.js"),
    import("../shadow/shadow-database.js"),
  ]);
  return withShadowDatabase(shadow, shadowContextOf(config), async (client) => {
    await replayTo(client, scripts, revisions, replayOptionsOf(config));
    return use(client);
  });
}

/** A command's `shadow` option: `true` asks for the default one (embedded), `false` for none. */
export function shadowOf(shadow: ShadowOptions | boolean | undefined): ShadowOptions | undefined {
  return shadow === true ? {} : shadow || undefined;
}

export function shadowContextOf(config: ResolvedConfig) {
  return { retortDir: config.retortDir, ...(config.log ? { log: config.log } : {}) };
}

/** The replay's progress lines (`Running upgrade ...`) go where the command's log goes. */
export function replayOptionsOf(config: ResolvedConfig) {
  return {
    ...(config.log ? { log: config.log } : {}),
    defaultSchema: config.schemas[0] ?? "public",
    versionTable: config.versionTable,
  };
}
