/**
 * A database's application schema as retort's catalog reader sees it, for comparing what two tools
 * built: the end-to-end oracles compare retort's upgrade with TypeORM's synchronize() this way.
 */
import pg from "pg";
import { introspect } from "../../src/introspect/index.js";

export async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Each tool's own bookkeeping tables are not part of the application's schema. Owned sequences are
    // named after their table on both sides; nothing else to normalise.
    return await introspect(client, {
      schemas: ["public"],
      excludeTables: ["retort_version", "typeorm_metadata"],
    });
  } finally {
    await client.end();
  }
}
