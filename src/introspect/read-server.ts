import type pg from "pg";

export interface ServerFacts {
  /** `server_version_num`, e.g. 150004: decides which catalog columns exist. */
  readonly version: number;
  /** The requested schemas that exist, other than `public`, sorted. */
  readonly namespaces: readonly string[];
}

export async function readServer(client: pg.ClientBase, schemas: readonly string[]): Promise<ServerFacts> {
  const { rows } = await client.query<{ version: number; namespaces: string[] }>(
    `SELECT current_setting('server_version_num')::int AS version,
            ARRAY(SELECT n.nspname::text FROM pg_namespace n
                  WHERE n.nspname = ANY($1) AND n.nspname <> 'public') AS namespaces`,
    [schemas],
  );
  const row = rows[0]!;
  return { version: row.version, namespaces: [...row.namespaces].sort() };
}
