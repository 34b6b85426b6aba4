/**
 * One connection for the length of `use`, always closed afterwards (also when `use` throws): the
 * configured database (./with-connection.ts) and a shadow database (../shadow/shadow-database.ts) are
 * both used through it.
 */
import type pg from "pg";
import { connect } from "./connect.js";

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}
