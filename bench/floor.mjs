/**
 * The floor every `check` is measured against: a Node process that starts, connects, runs retort's own
 * catalog read (dist/introspect) for the database in $DATABASE_URL and exits. Nothing a migration
 * check does can take less: it must start, connect and read the catalog. Run by ./run.mjs as a timed
 * process, like the tools themselves.
 *
 * pg is loaded the way retort loads it (dist/db/pg-driver.js): on Node 20 a plain `import "pg"` also
 * loads Node's fetch implementation (pg's Cloudflare test), 20-30 ms that retort does not spend and
 * the floor should not either.
 */
import { pgDriver } from "../dist/db/pg-driver.js";
import { introspect } from "../dist/introspect/index.js";

const pg = pgDriver();
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const schema = await introspect(client, { schemas: ["public"] });
await client.end();
if (schema.tables.length === 0) throw new Error("the floor read an empty catalog");
