/**
 * Loads the user's TypeScript and JavaScript (entities, DataSource modules, migrations, the config)
 * with no compile step. One path for every project module Node cannot run as it is: its text is
 * turned into CommonJS (./transpile.ts, from the transpile cache when it was seen before) and compiled
 * as a Node CommonJS module registered in Node's module cache, where the model cache finds the
 * project's files and load errors are traced back to them. That covers TypeScript files (`.ts`,
 * `.mts`, `.cts`) and ES-module JavaScript (`.mjs`, a `.js` file of a `"type": "module"` package or
 * written with import/export statements); a module's relative imports and the imports the tsconfig maps
 * to the project load the same way (./resolve.ts). CommonJS JavaScript, JSON and packages are Node's
 * own `require` (an ES-module package through Node's require(esm), Node >= 20.19).
 *
 * This replaced jiti, which loaded whatever was not TypeScript (and the TypeScript such a file
 * imported, a second path with a cache of its own): a thousand entity files cost jiti about two
 * seconds of resolving (ESM-style, with every condition, for each import of each file) and cache
 * bookkeeping even when every file was already transpiled, and its own Babel transform can neither
 * compile TypeORM's `!:` fields under legacy decorators nor emit TypeScript's metadata.
 */
import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { RetortError } from "../errors.js";
import { codeCache } from "./code-cache.js";
import { loadFailure, loading } from "./load-origin.js";
import { noteCompiled, noteImport } from "./project-imports.js";
import {
  isTypeScript,
  packageTypeScript,
  resolveJavaScript,
  resolveMapped,
  resolveTypeScript,
  startLoad,
} from "./resolve.js";
import { noteLoaded, onForget } from "./stale-modules.js";
import { projectSource, transpiled } from "./transpile.js";

const require = createRequire(import.meta.url);

type CompilableModule = Module & {
  _compile(code: string, filename: string): void;
  paths: string[];
  filename: string;
  loaded: boolean;
};
const ModuleClass = Module as unknown as {
  new (id: string, parent?: Module): CompilableModule;
  _nodeModulePaths(dir: string): string[];
};

/**
 * Packages required by the project's modules, per directory: Node would resolve each afresh for
 * every file (its module cache then returns the same exports, as this does).
 */
const packages = new Map<string, unknown>();
/** The workspace package's TypeScript file behind an entry of `packages`, if it is one. */
const workspaceFiles = new Map<string, string>();
// A workspace package's TypeScript is a project module: when project modules are dropped, so is it.
onForget(() => {
  packages.clear();
  workspaceFiles.clear();
});
let loadDepth = 0;

/** The exports of a TypeScript or ES-module JavaScript file, compiled as CommonJS on first use. */
function requireCompiled(file: string): unknown {
  const cached = require.cache[file];
  if (cached) return cached.loaded ? cached.exports : readableWhileLoading(cached.exports);
  if (loadDepth === 0) startLoad();
  loadDepth++;
  try {
    return compile(file);
  } finally {
    loadDepth--;
  }
}

/**
 * The exports of a module still loading, as a circular import (`Account` ↔ `AccountActivationToken`)
 * sees them. TypeScript's CommonJS assigns `exports.Account = Account` after the class, so a read
 * during the cycle gives undefined, and its decorator metadata falls back to Object; swc's exports are
 * getters of the class binding, which throw "Cannot access 'Account' before initialization" until the
 * class is defined. A file TypeScript compiled reading one swc compiled (the loader picks per file)
 * would throw where an all-TypeScript load succeeds, so a read that meets an uninitialised binding
 * gives undefined here, as TypeScript's own output would: the cycle loads whichever compiled each side.
 */
function readableWhileLoading(exports: object): object {
  return new Proxy(exports, {
    get(target, key, receiver) {
      try {
        return Reflect.get(target, key, receiver);
      } catch (error) {
        if (error instanceof ReferenceError) return undefined;
        throw error;
      }
    },
  });
}

/**
 * A project file: compiled by this loader, or Node's own to load when it is CommonJS or JSON.
 * `nativeRequire` makes the importer's Node `require`, only when one is needed: `createRequire` cost
 * about 10 µs, twice per entity module, and an entity importing entities and packages needs none.
 */
function requireProjectFile(file: string, nativeRequire: () => NodeJS.Require): unknown {
  return isTypeScript(file) || !isNodesOwn(file) ? requireCompiled(file) : nativeRequire()(file);
}

/** `createRequire(file)`, made on the first call. */
function requireMadeWhenAsked(file: string): () => NodeJS.Require {
  let made: NodeJS.Require | undefined;
  return () => (made ??= createRequire(file));
}

/** CommonJS of the files `prepareModules` compiled ahead, until each one's load takes it. */
const prepared = new Map<string, string>();

function compile(file: string): unknown {
  let code = prepared.get(file);
  prepared.delete(file);
  code ??= transpiled(file, projectSource(file));
  const module = new ModuleClass(file);
  module.filename = file;
  module.paths = ModuleClass._nodeModulePaths(path.dirname(file));
  const nativeRequire = requireMadeWhenAsked(file);
  module.require = ((id: string) => {
    if (id.startsWith(".") || path.isAbsolute(id)) {
      const target = resolveTypeScript(file, id) ?? resolveJavaScript(file, id);
      if (target) noteImport(file, target);
      // Nothing there: Node's require says so in its own words ("Cannot find module './x'").
      return target ? requireProjectFile(target, nativeRequire) : nativeRequire()(id);
    }
    const key = `${path.dirname(file)}\0${id}`;
    if (packages.has(key)) {
      const workspaceFile = workspaceFiles.get(key);
      if (workspaceFile) noteImport(file, workspaceFile);
      return packages.get(key);
    }
    const mapped = resolveMapped(file, id);
    if (mapped) {
      noteImport(file, mapped);
      return requireProjectFile(mapped, nativeRequire);
    }
    const workspaceSource = packageTypeScript(nativeRequire(), id);
    if (workspaceSource) {
      noteImport(file, workspaceSource);
      workspaceFiles.set(key, workspaceSource);
    }
    const exports = workspaceSource ? requireCompiled(workspaceSource) : nativeRequire()(id);
    packages.set(key, exports);
    return exports;
  }) as NodeJS.Require;
  require.cache[file] = module;
  try {
    const cache = codeCache();
    loading(file, () => (cache ? cache.run(module, code, file) : module._compile(code, file)));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  noteLoaded(file);
  noteCompiled(file);
  return module.exports;
}

/**
 * Whether Node's own `require` runs the file as it is: JSON, and CommonJS JavaScript (a `.cjs` file,
 * or a `.js` file outside a `"type": "module"` package written without import/export statements: what
 * `tsc` emits for TypeORM's CLI), loaded as TypeORM's CLI loads it.
 */
function isNodesOwn(file: string): boolean {
  if (file.endsWith(".cjs") || file.endsWith(".json")) return true;
  if (!file.endsWith(".js")) return false;
  let dir = path.dirname(file);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { type?: string }).type === "module") return false;
      } catch {
        return false;
      }
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return !/^\s*(import|export)\b[\s{*"'`]/m.test(readFileSync(file, "utf8"));
}

/**
 * Imports `files` in turn as one load: a directory the loader listed for one of them (to resolve an
 * import) is not checked for changes again for the next. Five hundred entity files in one folder were
 * five hundred checks of it, and of every folder their imports reach.
 */
export async function importModules(files: readonly string[]): Promise<Record<string, unknown>[]> {
  if (loadDepth === 0) startLoad();
  loadDepth++;
  try {
    prepareModules(files, "entity files");
    const modules: Record<string, unknown>[] = [];
    for (const file of files) modules.push(await importModule(file));
    return modules;
  } finally {
    loadDepth--;
    forgetPreparedModules();
  }
}

/**
 * The TypeScript files of `files` not loaded or prepared yet, transpiled now and compiled in groups by
 * the code cache (`CodeCache.precompile`: one script per group instead of one per module), for the
 * load that follows to run. A file that cannot be transpiled is left for its turn, where its error is
 * reported as it always was. `label` names the groups (one set of groups per label).
 */
export function prepareModules(files: readonly string[], label: string): void {
  const cache = codeCache();
  if (!cache) return;
  const modules: { filename: string; code: string }[] = [];
  for (const file of files) {
    const absolute = path.resolve(file);
    if (!isTypeScript(absolute) || require.cache[absolute] || prepared.has(absolute)) continue;
    try {
      const code = transpiled(absolute, projectSource(absolute));
      prepared.set(absolute, code);
      modules.push({ filename: absolute, code });
    } catch {
      // its turn reports it
    }
  }
  cache.precompile(modules, label);
}

/** Whether `prepareModules` holds `file`'s code for its load. */
export function isPrepared(file: string): boolean {
  return prepared.has(path.resolve(file));
}

/**
 * Drops what `prepareModules` compiled and no load ran. Called when a load ends: a prepared text is
 * the file's as it was read then, and the next load must read the file again.
 */
export function forgetPreparedModules(): void {
  prepared.clear();
  const cache = codeCache();
  if (cache) cache.forgetPrecompiled();
}

/** Imports a .ts/.js/.mts/.cts/.mjs/.cjs file and returns its module namespace. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  const absolute = path.resolve(file);
  try {
    return requireProjectFile(absolute, requireMadeWhenAsked(absolute)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RetortError) throw error;
    throw new RetortError(loadFailure(file, error), { cause: error });
  }
}
