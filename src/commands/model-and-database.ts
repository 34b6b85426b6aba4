/**
 * The model and the configured database together: on a server, connect first, start the reads that need
 * no model (the version table, the catalog), and load the model while the server answers them on its
 * own core. Loaded first and connected afterwards, a steady `check` spent the catalog read's server time
 * idle after loading the model (or a cache miss's 1.5 s of TypeORM before it).
 */
import type pg from "pg";
import { databaseTargetOf } from "../config/database-target.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";

/**
 * Runs `use` with the model `load` gives and the reads `start` began before loading it. `start`'s
 * promises must have a handler attached (`early`): when the model fails they are never awaited.
 *
 * Errors come as when the model was loaded before connecting: a model that cannot load is reported
 * whatever the database did (its error needs no database to fix). The embedded database is started after
 * the model as before: it shares this process's one thread with the model's loading, so nothing overlaps.
 */
export async function withModelAndConnection<M, S, T>(
  config: ResolvedConfig,
  load: () => Promise<M>,
  start: (client: pg.Client) => S,
  use: (client: pg.Client, model: M, started: S) => Promise<T>,
): Promise<T> {
  let loading: Promise<M> | undefined;
  const model = () => {
    loading ??= load();
    return loading;
  };
  try {
    if (databaseTargetOf(config).kind === "embedded") {
      const loaded = await model();
      return await withConnection(config, (client) => use(client, loaded, start(client)));
    }
    return await withConnection(config, async (client) => {
      const started = start(client);
      return use(client, await model(), started);
    });
  } catch (error) {
    await model();
    throw error;
  }
}

/** `promise`, marked handled: a read started early whose answer may never be needed. */
export function early<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
