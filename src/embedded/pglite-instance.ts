/**
 * Opens PGlite on a data directory (or in memory), with the contrib modules a TypeORM application may ask for
 * (./contrib-extensions.ts) and retort's server settings (./server-settings.ts).
 */
import { type Extensions, PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { RetortError } from "../errors.js";
import { CONTRIB_EXTENSIONS } from "./contrib-extensions.js";
import { templateInMemory } from "./memory-data-dir.js";
import { pgliteWasm } from "./pglite-wasm.js";
import { SERVER_SETTINGS } from "./server-settings.js";

/** Opens (or, when the directory is empty or missing, initialises) the database kept in `dataDir`. */
export async function openPGlite(dataDir: string): Promise<PGlite> {
  return open(`the embedded database in ${dataDir}`, { dataDir }, CONTRIB_EXTENSIONS);
}

/** Opens a database that lives in memory, on a copy of the data directory `template` (./memory-data-dir.ts). */
export async function openPGliteInMemory(template: string): Promise<PGlite> {
  const extensions = { ...CONTRIB_EXTENSIONS, template: await templateInMemory(template) };
  return open("a throw-away embedded database", {}, extensions);
}

async function open(what: string, options: PGliteOptions, extensions: Extensions): Promise<PGlite> {
  try {
    const wasm = await pgliteWasm();
    const db = new PGlite({
      ...options,
      extensions,
      startParams: [...PGlite.defaultStartParams, ...SERVER_SETTINGS],
      ...(wasm ? { pgliteWasmModule: wasm } : {}),
    });
    await db.waitReady;
    return db;
  } catch (error) {
    throw new RetortError(`Could not open ${what}: ${(error as Error).message || String(error)}`, {
      cause: error,
    });
  }
}
