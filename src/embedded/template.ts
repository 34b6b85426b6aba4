/**
 * An initialised, never-used PGlite data directory, copied whenever a new embedded database is needed
 * (a project's own, or a throw-away shadow). Initialising a data directory (initdb) takes seconds;
 * copying one and opening the copy takes well under one.
 *
 * It is kept once per user, in the user's cache directory (`~/.cache/retort` on Linux, as env-paths
 * names it per platform; `RETORT_CACHE_DIR` overrides), not once per project: initdb runs on a
 * machine's first start, and the first start in every later project is a copy. Where that directory
 * cannot be written (a read-only home in CI), the project's `.retort/` holds it, as before.
 *
 * The template is named after the PGlite version, because a data directory only opens with the
 * PostgreSQL build that wrote it. It is built in a private directory and renamed into place, so two
 * processes that both find it missing never see each other's half-built copy.
 */
import { constants, type Dirent, existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import envPaths from "env-paths";
import { activity } from "../activity.js";
import { type Log, logLine, silent } from "../log.js";
import { timed } from "../timings.js";
import { isProcessAlive } from "./data-dir-lock.js";
import { initialiseDataDir } from "./initdb-worker.js";
import { TEMPLATE_IMAGE } from "./template-image.js";

export const EMBEDDED_LOGGER = "retort.embedded";

const TEMPLATE_PREFIX = "template-pglite-";

/**
 * Where templates are kept for a project whose retort directory is `retortDir`: the user's cache
 * directory when it can be created, else `retortDir`.
 */
export async function templateHome(retortDir: string): Promise<string> {
  const home = process.env.RETORT_CACHE_DIR || envPaths("retort", { suffix: "" }).cache;
  try {
    await mkdir(home, { recursive: true });
    return home;
  } catch {
    return retortDir;
  }
}

/** The template a throw-away database for `retortDir` would start on, if it is made already. */
export async function existingTemplate(retortDir: string): Promise<string | undefined> {
  const template = await templateIn(await templateHome(retortDir));
  return isDataDir(template) ? template : undefined;
}

/** Where the template for the installed PGlite is kept in `home`. */
async function templateIn(home: string): Promise<string> {
  return path.join(home, `${TEMPLATE_PREFIX}${await pgliteVersion()}`);
}

/** The path of the template for the installed PGlite in `home`, created first if missing. */
export async function ensureTemplate(home: string, log: Log = silent): Promise<string> {
  const template = await templateIn(home);
  if (isDataDir(template)) return template;

  await mkdir(home, { recursive: true });
  const building = `${template}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  log(
    logLine(
      "INFO",
      EMBEDDED_LOGGER,
      `Initialising an embedded PostgreSQL template in ${template} (first start only: later starts, in any project, copy it)`,
    ),
  );
  await timed("initialising the embedded template", () =>
    activity("initialising the embedded database, first start only", () => initialiseDataDir(building)),
  );
  try {
    await rename(building, template);
  } catch (error) {
    // Another process finished first: its template is as good as ours.
    if (!isDataDir(template)) throw error;
    await rm(building, { recursive: true, force: true });
  }
  await removeOtherTemplates(home, path.basename(template), UNUSED_FOR_MS);
  return template;
}

/** Copies the template to `target` (which must not exist yet). */
export async function copyTemplate(retortDir: string, target: string, log: Log = silent): Promise<void> {
  const template = await templateFor(retortDir, log);
  if (existsSync(target)) throw new Error(`${target} already exists`);
  await timed("copying the embedded template", () => copyDirectory(template, target));
}

/** The template for a project whose retort directory is `retortDir`, created first if missing. */
export async function templateFor(retortDir: string, log: Log = silent): Promise<string> {
  const home = await templateHome(retortDir);
  const template = await ensureTemplate(home, log);
  // A template an earlier retort kept in the project is 40 MB of nothing now.
  if (home !== retortDir) await removeOtherTemplates(retortDir, undefined, 0);
  // Marks it used, so that no retort of another PGlite version takes it for abandoned.
  const now = new Date();
  await utimes(template, now, now).catch(() => {});
  return template;
}

/**
 * A data directory is about a thousand small files and one 16 MB WAL segment. `fs.cp` copies them one
 * after the other, a promise each (over a second on a busy machine); many copies in flight at once
 * take a tenth of that. Where the file system can share blocks (btrfs, XFS, APFS), a file is cloned
 * rather than copied.
 */
async function copyDirectory(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const relative = (entry: Dirent) => path.relative(from, path.join(entry.parentPath, entry.name));
  await mkdir(to, { recursive: true });
  for (const dir of entries
    .filter((entry) => entry.isDirectory())
    .map(relative)
    .sort()) {
    await mkdir(path.join(to, dir), { recursive: true });
  }
  // Not the template's image (./template-image.ts): a project's database does not start from it.
  const files = entries
    .filter(
      (entry) => entry.isFile() && !(entry.parentPath === from && entry.name.startsWith(TEMPLATE_IMAGE)),
    )
    .map(relative);
  let next = 0;
  const copyNext = async (): Promise<void> => {
    for (let file = files[next++]; file !== undefined; file = files[next++]) {
      await copyFile(path.join(from, file), path.join(to, file), constants.COPYFILE_FICLONE);
    }
  };
  await Promise.all(Array.from({ length: 16 }, copyNext));
}

/** A directory initdb finished with. */
export function isDataDir(dir: string): boolean {
  return existsSync(path.join(dir, "PG_VERSION"));
}

let cachedVersion: string | undefined;

/** The installed @electric-sql/pglite's version (its package.json is not exported, so found by path). */
async function pgliteVersion(): Promise<string> {
  if (cachedVersion === undefined) {
    let dir = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const { version } = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as {
      version: string;
    };
    cachedVersion = version;
  }
  return cachedVersion;
}

/**
 * In the user's cache, a template another PGlite version (another project's retort) used within this
 * long is kept: two projects on two versions would otherwise take turns running initdb.
 */
const UNUSED_FOR_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Templates of PGlite versions no longer installed are 40 MB each of nothing, and so are templates left
 * half-built by a process that died. Other versions' templates are removed once unused for
 * `unusedForMs`.
 */
async function removeOtherTemplates(
  dir: string,
  keep: string | undefined,
  unusedForMs: number,
): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.startsWith(TEMPLATE_PREFIX) || name === keep) continue;
    const full = path.join(dir, name);
    const builder = /\.building-(\d+)$/.exec(name)?.[1];
    const abandoned =
      builder !== undefined
        ? !isProcessAlive(Number(builder))
        : Date.now() - (await stat(full).catch(() => ({ mtimeMs: 0 }))).mtimeMs >= unusedForMs;
    if (abandoned) await rm(full, { recursive: true, force: true });
  }
}
