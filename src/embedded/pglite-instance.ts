/**
 * Opens PGlite on a data directory, with the contrib modules a TypeORM application may ask for
 * (./contrib-extensions.ts) and retort's server settings (./server-settings.ts).
 */
import { PGlite } from "@electric-sql/pglite";
import { RetortError } from "../errors.js";
import { CONTRIB_EXTENSIONS } from "./contrib-extensions.js";
import { pgliteWasm } from "./pglite-wasm.js";
import { SERVER_SETTINGS } from "./server-settings.js";

/** Opens (or, when the directory is empty or missing, initialises) the database kept in `dataDir`. */
export async function openPGlite(dataDir: string): Promise<PGlite> {
  try {
    const wasm = await pgliteWasm();
    const db = new PGlite({
      dataDir,
      extensions: CONTRIB_EXTENSIONS,
      startParams: [...PGlite.defaultStartParams, ...SERVER_SETTINGS],
      ...(wasm ? { pgliteWasmModule: wasm } : {}),
    });
    await db.waitReady;
    return db;
  } catch (error) {
    throw new RetortError(
      `Could not open the embedded database in ${dataDir}: ${(error as Error).message || String(error)}`,
      { cause: error },
    );
  }
}
