/**
 * A process that loads the model twice (the library's `autogenerate` called again after an entity file
 * was edited, a watch mode) must see the edit. Node's module cache returns a module by its path, so the
 * second load would reuse the first one's classes. Each load of a model therefore starts by asking
 * whether a project file loaded before has changed since (size or modification time, as git's index
 * asks); if one has, every project module is dropped from the cache, since the unchanged ones hold
 * references to the old classes of the changed one. An unchanged project loads from the cache as before.
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { isProjectFile } from "./project-files.js";
import { sourcesRead } from "./sources-read.js";

const require = createRequire(import.meta.url);

interface Stamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/** Project files in Node's module cache, as they were when loaded. */
const stamps = new Map<string, Stamp>();
const forgetHooks: (() => void)[] = [];

/** Notes a project file just loaded (into Node's module cache). */
export function noteLoaded(file: string): void {
  // The loader read it moments ago (./sources-read.ts): that reading's size and time, not a second stat.
  const read = sourcesRead().get(file);
  const stamp = read ? { size: read.size, mtimeMs: read.mtimeMs } : stampOf(file);
  if (stamp) stamps.set(file, stamp);
}

/**
 * After a load: notes the project files Node's own `require` loaded meanwhile (CommonJS a project
 * module required), which the loader never saw.
 */
export function noteAllLoaded(): void {
  for (const file of Object.keys(require.cache))
    if (isProjectFile(file) && !stamps.has(file)) noteLoaded(file);
}

/** Registers what else must be forgotten with the modules (a loader's own lookup caches). */
export function onForget(hook: () => void): void {
  forgetHooks.push(hook);
}

/**
 * Before a new load: drops every project module from Node's module cache when any of them changed on
 * disk since it was loaded (or is cached without a stamp: loaded outside a model load, so when it was
 * read is unknown). Returns whether it did.
 */
export function forgetChangedModules(): boolean {
  const cached = Object.keys(require.cache).filter(isProjectFile);
  const changed = cached.some((file) => {
    const then = stamps.get(file);
    const now = stampOf(file);
    return !then || !now || then.size !== now.size || then.mtimeMs !== now.mtimeMs;
  });
  if (!changed) return false;
  for (const file of cached) delete require.cache[file];
  stamps.clear();
  for (const hook of forgetHooks) hook();
  return true;
}

function stampOf(file: string): Stamp | undefined {
  try {
    const { size, mtimeMs } = statSync(file);
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}
