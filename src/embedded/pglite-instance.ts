/**
 * Opens PGlite on a data directory, with the contrib modules a TypeORM application may ask for
 * (./contrib-extensions.ts).
 */
import { PGlite } from "@electric-sql/pglite";
import { RetortError } from "../errors.js";
import { CONTRIB_EXTENSIONS } from "./contrib-extensions.js";

/**
 * PostgreSQL's default `shared_buffers`, 128 MB, is sized for a server. PGlite allocates it in its
 * WebAssembly memory, which PostgreSQL then zeroes and touches, at every start: a fifth of a start's
 * CPU and 130 MB of memory for a database that holds schemas and development data. A 1000-entity
 * model canonicalises as fast in 16 MB.
 */
export const START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

/** Opens (or, when the directory is empty or missing, initialises) the database kept in `dataDir`. */
export async function openPGlite(dataDir: string): Promise<PGlite> {
  try {
    const db = new PGlite({ dataDir, extensions: CONTRIB_EXTENSIONS, startParams: START_PARAMS });
    await db.waitReady;
    return db;
  } catch (error) {
    throw new RetortError(
      `Could not open the embedded database in ${dataDir}: ${(error as Error).message || String(error)}`,
      { cause: error },
    );
  }
}
