/**
 * initdb for a new PGlite data directory, in a worker thread. It runs inside WebAssembly for seconds
 * (twenty on a busy machine) and holds the thread it runs on: on the main thread nothing else could
 * happen meanwhile, not even the status line saying how long it has taken so far.
 *
 * The worker is inline (an `eval` worker, CommonJS) so that it needs no file of its own beside the
 * compiled one, and loads PGlite's CommonJS build by the path resolved here: the worker resolves
 * from the working directory, the user's project, where PGlite need not be installed. No contrib
 * extensions: they are registered when a database is opened (./contrib-extensions.ts), and change
 * nothing initdb writes. The compiled PostgreSQL comes from this thread (./pglite-wasm.ts), so that the
 * database opened here afterwards runs on the code the worker already compiled. initdb and the worker's
 * own start of the new database run with retort's server settings (./server-settings.ts).
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { RetortError } from "../errors.js";
import { pgliteWasm } from "./pglite-wasm.js";
import { SERVER_SETTINGS } from "./server-settings.js";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { PGlite } = require(workerData.pglite);
(async () => {
  const db = new PGlite({
    dataDir: workerData.dataDir,
    initDbStartParams: workerData.settings,
    startParams: [...PGlite.defaultStartParams, ...workerData.settings],
    ...(workerData.wasm ? { pgliteWasmModule: workerData.wasm } : {}),
  });
  await db.waitReady;
  await db.close();
})().then(
  () => parentPort.postMessage({ ok: true }),
  (error) => parentPort.postMessage({ ok: false, message: String((error && error.message) || error) }),
);
`;

export async function initialiseDataDir(dataDir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const wasm = await pgliteWasm();
  return new Promise((resolve, reject) => {
    const fail = (message: string) =>
      reject(new RetortError(`Could not initialise an embedded database in ${dataDir}: ${message}`));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pglite, dataDir, settings: SERVER_SETTINGS, wasm },
    });
    worker.once("message", (result: { ok: boolean; message?: string }) => {
      if (result.ok) resolve();
      else fail(result.message ?? "unknown error");
    });
    worker.once("error", (error) => fail(error.message));
    // After its message this changes nothing: the promise is settled.
    worker.once("exit", (code) => fail(`the worker exited with status ${code}`));
  });
}
