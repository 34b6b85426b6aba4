/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly, run in this process) kept under
 * the project's `.retort/` directory and served on a loopback port, so every command reaches it with
 * the same `pg` client it uses for a real server.
 *
 *   .retort/
 *     .gitignore                 "*": nothing in here belongs in version control
 *     pgdata/                    the project's database
 *     pgdata.lock                held while a retort process has pgdata open
 *     (the template, an initialised and unused data directory, is kept once per user: ./template.ts)
 *     notice-day                 the day the "Using the embedded database" notice was last said (./embedded-notice.ts)
 */
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { onInterruptCleanup } from "../interrupts.js";
import { type Log, logLine, silent } from "../log.js";
import { timed } from "../timings.js";
import { acquireLock } from "./data-dir-lock.js";
import { openPGlite, openPGliteInMemory } from "./pglite-instance.js";
import { pgliteWasm } from "./pglite-wasm.js";
import { servePGlite } from "./serve.js";
import { copyTemplate, EMBEDDED_LOGGER, isDataDir, templateFor } from "./template.js";

export const RETORT_DIR = ".retort";

export interface EmbeddedDatabase {
  /** The loopback URL it is served on, for the length of this process's use. */
  readonly url: string;
  /** Where the data lives (a throw-away database's: in memory). */
  readonly dataDir: string;
  /** Stops serving, shuts PGlite down cleanly (so the next start reopens fast) and releases the lock. */
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly log?: Log;
  /** How long to wait for another retort process using the same data directory (default 120 s). */
  readonly lockTimeoutMs?: number;
}

/** The project's embedded database in `<retortDir>/pgdata`, created from the template on first use. */
export async function openEmbeddedDatabase(
  retortDir: string,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const log = options.log ?? silent;
  const dataDir = path.join(retortDir, "pgdata");
  await prepareRetortDir(retortDir);
  const lock = await acquireLock(`${dataDir}.lock`, {
    what: `the embedded database in ${dataDir}`,
    ...(options.lockTimeoutMs !== undefined ? { timeoutMs: options.lockTimeoutMs } : {}),
    onWait: (owner) =>
      log(
        logLine(
          "INFO",
          EMBEDDED_LOGGER,
          `Waiting for retort process ${owner.pid}, which is using the embedded database in ${dataDir}`,
        ),
      ),
  });
  try {
    if (!isDataDir(dataDir)) {
      // A copy cut short by a crash is not a database: start again from the template.
      const partial = `${dataDir}.copying`;
      await rm(partial, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
      await copyTemplate(retortDir, partial, log);
      await rename(partial, dataDir);
    }
    const db = await timed("starting the embedded database", () => openPGlite(dataDir));
    return closeOnSignal(await serve(db, dataDir, () => lock.release()));
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * A throw-away embedded database (a shadow): the template loaded into memory (./memory-data-dir.ts),
 * gone when closed. It needs no lock, since no other process can reach it.
 */
export async function openThrowawayDatabase(retortDir: string, log: Log = silent): Promise<EmbeddedDatabase> {
  // Compiled (off this thread) while the template is found and read.
  void pgliteWasm();
  await prepareRetortDir(retortDir);
  const template = await templateFor(retortDir, log);
  const db = await timed("starting the embedded database", () => openPGliteInMemory(template));
  return serve(db, "(in memory)", async () => {});
}

async function serve(
  db: PGlite,
  dataDir: string,
  afterClose: () => Promise<void>,
): Promise<EmbeddedDatabase> {
  let served: Awaited<ReturnType<typeof servePGlite>>;
  try {
    served = await servePGlite(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url: served.url,
    dataDir,
    close() {
      closing ??= timed("stopping the embedded database", async () => {
        try {
          await served.stop();
        } finally {
          try {
            await db.close();
          } finally {
            await afterClose();
          }
        }
      });
      return closing;
    },
  };
}

/**
 * Ctrl-C or a `kill` during a command still shuts PGlite down and releases the lock; then the process
 * ends by the signal as it would have (../interrupts.ts). (Without this, the next start would find a
 * stale lock, and PGlite a data directory to recover.)
 */
function closeOnSignal(database: EmbeddedDatabase): EmbeddedDatabase {
  const closing: EmbeddedDatabase = {
    ...database,
    close() {
      forget();
      return database.close();
    },
  };
  const forget = onInterruptCleanup(() => closing.close());
  return closing;
}

async function prepareRetortDir(retortDir: string): Promise<void> {
  await mkdir(retortDir, { recursive: true });
  const ignore = path.join(retortDir, ".gitignore");
  if (!existsSync(ignore)) await writeFile(ignore, "# Written by retort: the embedded databases.\n*\n");
}
