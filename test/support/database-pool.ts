/**
 * Databases for a test file that runs many independent cases concurrently (the oracle pairs).
 *
 * CREATE DATABASE and DROP DATABASE cost a few hundred milliseconds each on a busy server, and a
 * fresh database also makes every first connection build its catalog caches from scratch: three new
 * databases per case would cost more than the cases themselves. So a case takes databases from this
 * pool for the whole of its run (no other case touches them meanwhile) and gives them back wiped to
 * the state of a new database; the pool creates databases when none is idle and drops them all at
 * the end. A pool belongs to one test file: databases are never shared between files.
 */
import pg from "pg";
import { createDatabase, dropDatabase } from "./database.js";

export interface PooledDatabase {
  readonly name: string;
  readonly url: string;
  /**
   * A connection that stays open while the database is in the pool, for the test's own queries: a
   * new backend starts with cold catalog caches, which costs more than the small queries it runs.
   */
  readonly client: pg.Client;
}

/**
 * Back to what CREATE DATABASE gives: every non-system schema dropped (with everything in it),
 * every extension but plpgsql dropped, and `public` recreated as PostgreSQL creates it.
 */
const WIPE = `DO $wipe$
DECLARE r record;
BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace
            WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  IF current_setting('server_version_num')::int >= 150000 THEN
    CREATE SCHEMA public AUTHORIZATION pg_database_owner;
    GRANT USAGE ON SCHEMA public TO PUBLIC;
  ELSE
    CREATE SCHEMA public;
    GRANT ALL ON SCHEMA public TO PUBLIC;
  END IF;
  COMMENT ON SCHEMA public IS 'standard public schema';
END
$wipe$`;

export class DatabasePool {
  readonly #prefix: string;
  readonly #idle: PooledDatabase[] = [];
  readonly #all = new Set<string>();
  readonly #clients = new Map<string, pg.Client>();

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** An empty database for the caller's exclusive use until it gives it back. */
  async take(): Promise<PooledDatabase> {
    const idle = this.#idle.pop();
    if (idle) return idle;
    const { name, url } = await createDatabase(this.#prefix);
    this.#all.add(name);
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {});
    this.#clients.set(name, client);
    await client.connect();
    return { name, url, client };
  }

  /** Wipes the database and makes it available again; one that cannot be wiped is dropped. */
  async give(db: PooledDatabase): Promise<void> {
    try {
      await db.client.query(WIPE);
      this.#idle.push(db);
    } catch {
      await this.#drop(db.name);
    }
  }

  /** Drops every database the pool created. */
  async dropAll(): Promise<void> {
    this.#idle.length = 0;
    await Promise.all([...this.#all].map((name) => this.#drop(name)));
  }

  async #drop(name: string): Promise<void> {
    await this.#clients
      .get(name)
      ?.end()
      .catch(() => {});
    this.#clients.delete(name);
    await dropDatabase(name);
    this.#all.delete(name);
  }
}
