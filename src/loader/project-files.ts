/**
 * The application's own files among everything Node has loaded: absolute paths outside node_modules
 * and outside retort itself. The model cache keys on them; load errors are traced back to them.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** retort's own root (`dist/` when built, `src/` under the tests). */
export const retortRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function isProjectFile(file: string): boolean {
  return (
    path.isAbsolute(file) &&
    !file.includes(`${path.sep}node_modules${path.sep}`) &&
    !file.startsWith(retortRoot + path.sep)
  );
}
