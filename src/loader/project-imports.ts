/**
 * Which project module imported which, as the loader resolved them: what a change to one file may
 * reach (the modules that import it, directly or through others). The model's partial rebuild
 * (../models/partial-model.ts) uses it to tell an edit of entity files, whose effect on the model its
 * decorators record, from an edit that reaches the DataSource module (its naming strategy, its options).
 *
 * Only the loader's own modules are known here: a project file Node's own `require` loaded (CommonJS
 * JavaScript) imports what it imports unseen, so `complete()` says whether every project module in
 * Node's module cache was the loader's.
 */
import { createRequire } from "node:module";
import { isProjectFile } from "./project-files.js";
import { onForget } from "./stale-modules.js";

const require = createRequire(import.meta.url);

/** Module → the project modules it imported. */
const importsOf = new Map<string, Set<string>>();
/** Project modules the loader compiled (whose imports are all noted). */
const compiled = new Set<string>();
onForget(() => {
  importsOf.clear();
  compiled.clear();
});

export function noteCompiled(file: string): void {
  compiled.add(file);
}

export function noteImport(from: string, to: string): void {
  let imports = importsOf.get(from);
  if (!imports) {
    imports = new Set();
    importsOf.set(from, imports);
  }
  imports.add(to);
}

/** Whether every project module in Node's module cache was compiled by the loader. */
export function complete(): boolean {
  return Object.keys(require.cache).every((file) => !isProjectFile(file) || compiled.has(file));
}

/** `files` and every module that imports one of them, directly or through others. */
export function importersOf(files: Iterable<string>): Set<string> {
  const importers = new Map<string, string[]>();
  for (const [from, imports] of importsOf)
    for (const to of imports) {
      const list = importers.get(to);
      if (list) list.push(from);
      else importers.set(to, [from]);
    }
  const reached = new Set(files);
  const queue = [...reached];
  for (let file = queue.pop(); file !== undefined; file = queue.pop())
    for (const importer of importers.get(file) ?? [])
      if (!reached.has(importer)) {
        reached.add(importer);
        queue.push(importer);
      }
  return reached;
}
