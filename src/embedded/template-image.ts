/**
 * The template's files in one file (`retort-image`, kept in the template directory), for a throw-away
 * database that starts on them in memory (./memory-data-dir.ts).
 *
 * A data directory is about a thousand files, 40 MB. Read one by one, each is an open, a stat, a read
 * and a close on Node's thread pool: 60–160 ms of a `check --shadow` (the machine idle or busy). One
 * file of the same bytes is one read, and each file's contents are a view into it: nothing is copied.
 *
 * The image is made from the template on first use and renamed into place, so that a process never
 * reads a half-written one. PostgreSQL leaves a file it does not know in a data directory alone; the
 * copy of the template a project's own database starts from leaves it out (./template.ts).
 *
 * Layout: `retort-image 1\n`, the header's length (4 bytes, big-endian), the header (JSON: the
 * directories, and the files with their sizes, in order), then the files' bytes one after another.
 */
import { randomBytes } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { readWhole } from "./read-whole.js";

export const TEMPLATE_IMAGE = "retort-image";

const MAGIC = Buffer.from("retort-image 1\n");

interface Header {
  readonly directories: readonly string[];
  readonly files: readonly (readonly [name: string, size: number])[];
}

export interface DataDirectoryFiles {
  /** Relative to the data directory, parents before children. */
  readonly directories: readonly string[];
  readonly files: readonly { readonly name: string; readonly data: Uint8Array }[];
}

/** Images being read ahead of their use (`readTemplateImageAhead`), by path; each is taken once. */
const readAhead = new Map<string, Promise<Buffer | undefined>>();

/**
 * Starts reading `template`'s image now, for the `readTemplateImage` of it that follows: a command
 * that will open a throw-away database reads it while it does other things. Settles when it is read.
 */
export function readTemplateImageAhead(template: string): Promise<void> {
  const image = path.join(template, TEMPLATE_IMAGE);
  let reading = readAhead.get(image);
  if (reading === undefined) {
    reading = readWhole(image).catch(() => undefined);
    readAhead.set(image, reading);
  }
  return reading.then(() => {});
}

/** The template's files, from its image (made first if missing). */
export async function readTemplateImage(template: string): Promise<DataDirectoryFiles> {
  const image = path.join(template, TEMPLATE_IMAGE);
  const ahead = readAhead.get(image);
  readAhead.delete(image);
  // The bytes go to one database's file system, which keeps them: read ahead once, for one use.
  const bytes = await (ahead ?? readWhole(image).catch(() => undefined));
  const parsed = bytes && parseImage(bytes);
  if (parsed) return parsed;
  const files = await readDataDirectory(template);
  await writeImage(image, files).catch(() => {
    // A template directory this user cannot write (a shared cache): the files serve as well.
  });
  return files;
}

/** The files of `dir` one by one, but an image. */
async function readDataDirectory(dir: string): Promise<DataDirectoryFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const relative = (entry: Dirent) => path.relative(dir, path.join(entry.parentPath, entry.name));
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map(relative)
    .sort();
  const files = await Promise.all(
    entries
      .filter(
        (entry) => entry.isFile() && !(entry.parentPath === dir && entry.name.startsWith(TEMPLATE_IMAGE)),
      )
      .map(async (entry) => ({
        name: relative(entry),
        data: await readFile(path.join(entry.parentPath, entry.name)),
      })),
  );
  return { directories, files };
}

async function writeImage(image: string, { directories, files }: DataDirectoryFiles): Promise<void> {
  const header: Header = { directories, files: files.map((file) => [file.name, file.data.byteLength]) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.byteLength);
  const partial = `${image}.${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(partial, [MAGIC, length, headerBytes, ...files.map((file) => file.data)]);
    await rename(partial, image);
  } finally {
    await rm(partial, { force: true });
  }
}

/** The files an image holds; undefined for anything else (another layout, a truncated file). */
function parseImage(bytes: Buffer): DataDirectoryFiles | undefined {
  if (bytes.byteLength < MAGIC.byteLength + 4 || !bytes.subarray(0, MAGIC.byteLength).equals(MAGIC))
    return undefined;
  const headerLength = bytes.readUInt32BE(MAGIC.byteLength);
  let offset = MAGIC.byteLength + 4 + headerLength;
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.byteLength + 4, offset).toString("utf8")) as Header;
  } catch {
    return undefined;
  }
  const files: { name: string; data: Uint8Array }[] = [];
  for (const [name, size] of header.files) {
    files.push({ name, data: bytes.subarray(offset, offset + size) });
    offset += size;
  }
  return offset === bytes.byteLength ? { directories: header.directories, files } : undefined;
}
