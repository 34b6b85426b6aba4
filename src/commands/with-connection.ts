/** Opens the configured database for the length of one command, and always closes it. */
import type pg from "pg";
import { type ResolvedConfig, requireDatabaseUrl } from "../config/load-config.js";
import { connect } from "../db/connect.js";

export async function withConnection<T>(
  config: Pick<ResolvedConfig, "url">,
  use: (client: pg.Client, url: string) => Promise<T>,
): Promise<T> {
  const url = requireDatabaseUrl(config);
  const client = await connect(url);
  try {
    return await use(client, url);
  } finally {
    await client.end().catch(() => {});
  }
}
