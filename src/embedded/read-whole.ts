/**
 * Reading a large file (the template's image, PostgreSQL's WebAssembly) while this thread is busy.
 */
import { open } from "node:fs/promises";

/**
 * A file's bytes in one read where the system gives them so. `readFile` reads in 512 KB pieces, each
 * a trip through Node's thread pool and back to this thread, which asks for the next: 80 trips for the
 * 40 MB image, and none while this thread runs something else (a command reads ahead what it opens
 * later, ./read-ahead.ts). One read is one trip, done while this thread works.
 */
export async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    // Shorter than its size said (truncated meanwhile): what was read; a reader of the format refuses it.
    return offset === size ? bytes : bytes.subarray(0, offset);
  } finally {
    await handle.close();
  }
}
