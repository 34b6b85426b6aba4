/**
 * A throw-away database's data directory in memory: the template's files written into PGlite's
 * in-memory file system before PostgreSQL starts, where it finds a data directory and starts on it.
 *
 * Nothing of a throw-away database needs to reach a disk. On the disk, every relation PostgreSQL creates
 * is files created through Node's file system calls (a 100-table migration makes about 500), the
 * template is copied file by file first, and the directory deleted after; in memory each of these is
 * a few JavaScript calls. A throw-away database holds a schema and what migrations insert, so memory
 * is not the limit.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Extension, PGlite } from "@electric-sql/pglite";

/** The part of PGlite's Emscripten module the `preRun` step uses. */
interface PGliteModule {
  readonly FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
  };
}

/**
 * An extension (PGlite's way of running code before PostgreSQL starts) that writes the data directory
 * `template` into PGlite's file system. The files are read before PGlite starts.
 */
export async function templateInMemory(template: string): Promise<Extension> {
  const entries = await readdir(template, { recursive: true, withFileTypes: true });
  const relative = (entry: Dirent) => path.relative(template, path.join(entry.parentPath, entry.name));
  const directories = entries.filter((entry) => entry.isDirectory()).map(relative);
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => ({
        name: relative(entry),
        data: await readFile(path.join(entry.parentPath, entry.name)),
      })),
  );
  const write = (module: PGliteModule) => {
    const root = PGlite.paths.PGDATA;
    module.FS.mkdirTree(root);
    for (const dir of directories) module.FS.mkdirTree(`${root}/${dir}`);
    for (const file of files) module.FS.writeFile(`${root}/${file.name}`, file.data);
  };
  return {
    name: "retort-template",
    async setup(_pg, emscriptenOpts) {
      return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), write] } };
    },
  };
}
