/**
 * The regular files and directories of an uncompressed tar archive (ustar, as PGlite's contrib bundles
 * are packed). Links, devices and extended headers are skipped: the bundles have none.
 */

export interface TarEntry {
  /** The path inside the archive, without a leading `./`. */
  readonly name: string;
  readonly kind: "file" | "directory";
  /** The file's bytes (a view into the archive); empty for a directory. */
  readonly data: Uint8Array;
}

const BLOCK = 512;

export function* tarEntries(archive: Uint8Array): Generator<TarEntry> {
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header[0] === 0) return; // The two zero blocks that end an archive.
    const size = Number.parseInt(text(header, 124, 12).trim() || "0", 8);
    const prefix = text(header, 345, 155);
    const name = (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100)).replace(/^\.\//, "");
    const type = String.fromCharCode(header[156] ?? 0);
    const data = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    if (type === "0" || type === "\0") yield { name, kind: "file", data };
    else if (type === "5") yield { name, kind: "directory", data: new Uint8Array(0) };
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
}

/** A NUL-terminated field of the header. */
function text(header: Uint8Array, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(end < 0 ? field : field.subarray(0, end)).toString("utf8");
}
