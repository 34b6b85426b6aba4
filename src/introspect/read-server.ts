import type pg from "pg";
import type { CatalogQuery } from "./catalog-query.js";

/**
 * `server_version_num`, e.g. 150004: decides which catalog columns exist. Asked once per connection
 * (a connection's server does not change): the catalog reader and the model cache both need it, and in
 * `check` the cache's question would otherwise wait behind the whole catalog read.
 */
export function serverVersion(client: pg.ClientBase): Promise<number> {
  let version = versions.get(client);
  if (!version) {
    version = client
      .query<{ version: number }>("SELECT current_setting('server_version_num')::int AS version")
      .then(({ rows }) => rows[0]!.version);
    versions.set(client, version);
    // A failed question is asked again next time, not answered with the failure.
    version.catch(() => versions.delete(client));
  }
  return version;
}

const versions = new WeakMap<pg.ClientBase, Promise<number>>();

/** The requested schemas that exist, other than `public`, sorted. */
export function namespacesQuery(schemas: string): CatalogQuery<string[]> {
  return {
    sql: `SELECT n.nspname::text AS name FROM pg_namespace n
           WHERE n.nspname = ANY(${schemas}) AND n.nspname <> 'public'`,
    read: (rows: readonly { name: string }[]) => rows.map((row) => row.name).sort(),
  };
}
