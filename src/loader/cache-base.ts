/**
 * Where the loader's caches live: `<project>/node_modules/.cache` when the project has node_modules,
 * else a directory of this user's own under the temp directory. What is read back from these caches
 * is run (transpiled code, V8's compiled code), so the shared temp directory itself will not do:
 * another user could leave a file there under a name retort would look up. The directory is created
 * readable by this user alone, and a directory of that name someone else owns means no cache.
 */
import { existsSync, lstatSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function cacheBase(): string | undefined {
  const projectModules = path.join(process.cwd(), "node_modules");
  if (existsSync(projectModules)) return path.join(projectModules, ".cache");
  const uid = process.getuid?.();
  const own = path.join(tmpdir(), `retort-${uid ?? "user"}`);
  try {
    mkdirSync(own, { recursive: true, mode: 0o700 });
    const stat = lstatSync(own);
    if (!stat.isDirectory()) return undefined;
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    return own;
  } catch {
    return undefined;
  }
}
