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
import { type Extension, PGlite } from "@electric-sql/pglite";
import { readTemplateImage } from "./template-image.js";

/**
 * The files of the template databases, template1 and template0 (the oids initdb gives them), left out:
 * a throw-away database is used through `postgres` alone, and PostgreSQL reads another database's
 * files only to connect to it or to copy it (CREATE DATABASE, which no migration's transaction can
 * run). Two thirds of the template's relation files, and of the file system calls writing them at each
 * start: a throw-away database's start took 294 → 257 ms (medians of 5). Their directories stay.
 */
const TEMPLATE_DATABASE_FILE = /^base\/(1|4)\//;

/** The part of PGlite's Emscripten module the `preRun` step uses. */
interface PGliteModule {
  readonly FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array, options?: { canOwn?: boolean }): void;
  };
}

/**
 * An extension (PGlite's way of running code before PostgreSQL starts) that writes the data directory
 * `template` into PGlite's file system. The files are read (from the template's image,
 * ./template-image.ts) before PGlite starts.
 */
export async function templateInMemory(template: string): Promise<Extension> {
  const { directories, files } = await readTemplateImage(template);
  const write = (module: PGliteModule) => {
    const root = PGlite.paths.PGDATA;
    module.FS.mkdirTree(root);
    for (const dir of directories) module.FS.mkdirTree(`${root}/${dir}`);
    // Owned: the file system keeps the bytes read rather than a copy (they are not used again).
    for (const file of files) {
      if (!TEMPLATE_DATABASE_FILE.test(file.name))
        module.FS.writeFile(`${root}/${file.name}`, file.data, { canOwn: true });
    }
  };
  return {
    name: "retort-template",
    async setup(_pg, emscriptenOpts) {
      return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), write] } };
    },
  };
}
