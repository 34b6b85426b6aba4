/**
 * Opens PGlite on a data directory with the contrib modules a TypeORM application may ask for.
 *
 * PGlite ships only plpgsql built in. A contrib module must be registered when the instance starts for
 * `CREATE EXTENSION` to find it; registering costs little (the bundle is unpacked on first use), and
 * every instance registers the same set so that a data directory whose schema uses an extension always
 * reopens. The set: uuid-ossp (TypeORM's `@PrimaryGeneratedColumn("uuid")` defaults to
 * `uuid_generate_v4()`), pgcrypto, citext, hstore and ltree (TypeORM column types), btree_gist and
 * btree_gin (exclusion constraints and mixed GiST/GIN indexes), pg_trgm (trigram indexes).
 */
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { hstore } from "@electric-sql/pglite/contrib/hstore";
import { ltree } from "@electric-sql/pglite/contrib/ltree";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { RetortError } from "../errors.js";

const CONTRIB_EXTENSIONS = { uuid_ossp, pgcrypto, citext, hstore, ltree, btree_gist, btree_gin, pg_trgm };

/** Opens (or, when the directory is empty or missing, initialises) the database kept in `dataDir`. */
export async function openPGlite(dataDir: string): Promise<PGlite> {
  try {
    const db = new PGlite({ dataDir, extensions: CONTRIB_EXTENSIONS });
    await db.waitReady;
    return db;
  } catch (error) {
    throw new RetortError(
      `Could not open the embedded database in ${dataDir}: ${(error as Error).message || String(error)}`,
      { cause: error },
    );
  }
}
