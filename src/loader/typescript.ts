/**
 * Loads the user's TypeScript and JavaScript (entities, DataSource modules, migrations, config) with no
 * compile step.
 *
 * jiti does resolution, ESM/CJS interop and the on-disk transpile cache (keyed by content hash). Its
 * built-in Babel transform does not handle TypeORM's legacy decorators with `!:` fields nor emit
 * decorator metadata, so the transform is TypeScript's own `transpileModule` with
 * `experimentalDecorators` + `emitDecoratorMetadata` — the settings TypeORM documents, and what
 * `ts-node --transpile-only` does — taken from the TypeScript that ts-morph already bundles; or swc,
 * forty times faster, for every file where its output provably carries the same metadata
 * (./swc-transpile.ts).
 *
 * Start-up matters (`retort current` and `history` load every migration file): jiti is imported on
 * first use, and swc or TypeScript only when a file must really be transpiled. Each transpiled file is
 * kept on disk under the hash of its path and source (./transpile-cache.ts), so a file seen before is
 * read back and no compiler is loaded at all. The cache directory is retort's own, and its name carries
 * the compiler versions and the options below: a file transpiled by another tool's jiti (Babel, no
 * decorator metadata), or by another set of options, is never mistaken for ours.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Jiti, JitiOptions } from "jiti";
import { RetortError } from "../errors.js";
import { importMetaToCommonJs } from "./import-meta.js";
import { loadFailure, loading } from "./load-origin.js";
import { swcVersion, transpileWithSwc } from "./swc-transpile.js";
import { TranspileCache } from "./transpile-cache.js";
import { mappedCandidates } from "./tsconfig-paths.js";

const require = createRequire(import.meta.url);

let loader: Promise<Jiti> | undefined;
type TypeScript = typeof import("ts-morph")["ts"];

/**
 * Inline source maps only when Node applies them (`--enable-source-maps`): otherwise nothing reads
 * them, and they made every transpiled file several times larger to cache, read and compile.
 */
const withSourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
let typescript: TypeScript | undefined;

/** TypeScript itself, loaded the first time a file is not in the transpile cache. */
function ts(): TypeScript {
  typescript ??= (require("ts-morph") as typeof import("ts-morph")).ts;
  return typescript;
}

function compilerOptions(t: TypeScript): import("ts-morph").ts.CompilerOptions {
  return {
    module: t.ModuleKind.CommonJS,
    target: t.ScriptTarget.ES2022,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    useDefineForClassFields: false,
    sourceMap: false,
    inlineSourceMap: withSourceMaps,
  };
}

/**
 * `<project>/node_modules/.cache/retort/transpile-<key>` when the project has node_modules, else the
 * same under the temp directory. The key changes with the TypeScript version (read from its
 * package.json, without loading it) and with the options above.
 */
let cacheDir: string | false | undefined;

function transpileCacheDir(): string | false {
  cacheDir ??= findTranspileCacheDir();
  return cacheDir;
}

function findTranspileCacheDir(): string | false {
  if (process.env.RETORT_TRANSPILE_CACHE === "0") return false;
  let version = "unknown";
  try {
    const morph = path.dirname(require.resolve("ts-morph/package.json"));
    const common = createRequire(path.join(morph, "package.json")).resolve("@ts-morph/common/package.json");
    version = (JSON.parse(readFileSync(common, "utf8")) as { version: string }).version;
  } catch {
    // an unknown version still gets a directory of its own
  }
  version += ` swc ${swcVersion()}`;
  const optionsText = `CommonJS ES2022 experimentalDecorators emitDecoratorMetadata esModuleInterop noDefine${withSourceMaps ? " inlineSourceMap" : ""}`;
  const key = createHash("sha256").update(`${version}\n${optionsText}`).digest("hex").slice(0, 12);
  const projectModules = path.join(process.cwd(), "node_modules");
  const base = existsSync(projectModules) ? path.join(projectModules, ".cache") : tmpdir();
  return path.join(base, "retort", `transpile-${key}`);
}

/** TypeScript → CommonJS: by swc where its output is TypeScript's (./swc-transpile.ts), else by TypeScript. */
function transpile(source: string, filename: string): string {
  return transpileWithSwc(source, filename) ?? transpileWithTypeScript(source, filename);
}

/** TypeScript → CommonJS by TypeScript itself, or a RetortError naming the first syntax error. */
export function transpileWithTypeScript(source: string, filename: string): string {
  const t = ts();
  const out = t.transpileModule(source, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: compilerOptions(t),
    transformers: { before: [importMetaToCommonJs(t)] },
  });
  const syntaxError = out.diagnostics?.find((d) => d.category === t.DiagnosticCategory.Error);
  if (syntaxError) {
    const where =
      syntaxError.file && syntaxError.start !== undefined
        ? syntaxError.file.getLineAndCharacterOfPosition(syntaxError.start)
        : undefined;
    const text = t.flattenDiagnosticMessageText(syntaxError.messageText, "\n");
    throw new RetortError(
      `Syntax error in ${filename}${where ? `:${where.line + 1}:${where.character + 1}` : ""}: ${text}`,
    );
  }
  return out.outputText;
}

function jitiOptions(): JitiOptions {
  return {
    interopDefault: false,
    moduleCache: true,
    // A config that imports `defineConfig` from "retort" must get this very package, loaded natively
    // (require(esm) on Node >= 20.19), not a second copy of dist/ transpiled to CommonJS by jiti,
    // which fails on its own `const require = createRequire(...)`.
    nativeModules: ["retort"],
    fsCache: transpileCacheDir(),
    transform: (options) => ({ code: transpile(options.source, options.filename ?? "module.ts") }),
  };
}

function getLoader(): Promise<Jiti> {
  loader ??= import("jiti").then(({ createJiti }) => createJiti(import.meta.url, jitiOptions()));
  return loader;
}

const syncLoaders = new Map<string, Jiti>();

/** jiti's synchronous require, for what a TypeScript module requires that is not TypeScript itself. */
function jitiRequire(id: string, from: string): unknown {
  let loader = syncLoaders.get(from);
  if (!loader) {
    loader = (require("jiti") as typeof import("jiti")).createJiti(from, jitiOptions());
    syncLoaders.set(from, loader);
  }
  return loader(id);
}

/*
 * TypeScript files are loaded by the few lines below rather than by jiti: a thousand entity files cost
 * jiti about two seconds of resolving (ESM-style, with every condition, for each import of each file)
 * and cache bookkeeping, even when every file was already transpiled. Here a TypeScript module is
 * transpiled to CommonJS (or read back from the transpile cache by the hash of its text) and compiled
 * as a Node CommonJS module registered in Node's module cache (where the model cache finds the
 * project's files). Its relative imports of TypeScript files load the same way; packages come from
 * Node's own require, and whatever that cannot load (an ES module package, a local JavaScript file)
 * goes through jiti as before.
 */
const TYPESCRIPT = /\.[cm]?ts$/;
const isTypeScript = (file: string) => TYPESCRIPT.test(file) && !/\.d\.[cm]?ts$/.test(file);

/**
 * The entries of a directory: name → is a file. Resolving a thousand entity files' imports of each other
 * asked the file system three times per import; a directory is listed once instead, and listed again
 * only when its modification time moved (checked once per top-level load, so a long-lived process sees
 * files added between two loads).
 */
interface Listing {
  readonly mtimeMs: number;
  readonly entries: Map<string, boolean>;
  checkedInLoad: number;
}
const listings = new Map<string, Listing>();
let loadNumber = 0;

function entriesOf(dir: string): Map<string, boolean> {
  const known = listings.get(dir);
  if (known && known.checkedInLoad === loadNumber) return known.entries;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(dir).mtimeMs;
  } catch {
    return new Map();
  }
  if (known && known.mtimeMs === mtimeMs) {
    known.checkedInLoad = loadNumber;
    return known.entries;
  }
  const entries = new Map<string, boolean>();
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      entries.set(entry.name, entry.isFile() || (entry.isSymbolicLink() && isFileBehindLink(full)));
    }
  } catch {
    // a directory that cannot be listed holds nothing to resolve to
  }
  listings.set(dir, { mtimeMs, entries, checkedInLoad: loadNumber });
  return entries;
}

function isFileBehindLink(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

const isFile = (file: string) => entriesOf(path.dirname(file)).get(path.basename(file)) === true;
const exists = (file: string) => entriesOf(path.dirname(file)).has(path.basename(file));

/** `./x`, `./x.js` (NodeNext style), `./x/index`: the TypeScript file a relative import means, if any. */
function resolveTypeScript(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = isTypeScript(base)
    ? [base]
    : /\.[cm]?js$/.test(base)
      ? [base.replace(/js$/, "ts")]
      : [
          `${base}.ts`,
          `${base}.mts`,
          `${base}.cts`,
          path.join(base, "index.ts"),
          path.join(base, "index.mts"),
          path.join(base, "index.cts"),
        ];
  // A JavaScript or JSON file of that name wins, as Node's resolution would pick it first.
  if (!isTypeScript(base) && !/\.[cm]?js$/.test(base) && exists(`${base}.js`)) return undefined;
  return candidates.find(isFile);
}

/**
 * A bare import the tsconfig maps to a project file (`src/user/user.entity`, `@app/user`): the first
 * candidate, in the tsconfig's order, where a TypeScript or JavaScript file exists. Undefined leaves
 * it to Node's resolution (a package).
 */
function resolveMapped(from: string, specifier: string): { file: string; typescript: boolean } | undefined {
  for (const candidate of mappedCandidates(from, specifier)) {
    const typescript = resolveTypeScript(from, candidate);
    if (typescript) return { file: typescript, typescript: true };
    const javascript = [
      candidate,
      `${candidate}.js`,
      `${candidate}.cjs`,
      `${candidate}.mjs`,
      `${candidate}.json`,
    ]
      .concat([path.join(candidate, "index.js")])
      .find(isFile);
    if (javascript) return { file: javascript, typescript: false };
  }
  return undefined;
}

/**
 * A package whose entry point is TypeScript: a monorepo's workspace package (`@acme/db` with
 * `"main": "src/index.ts"`), linked into node_modules. Node resolves it but cannot run it; the loader
 * compiles it like the project's own files.
 */
function packageTypeScript(nativeRequire: NodeJS.Require, id: string): string | undefined {
  try {
    const resolved = nativeRequire.resolve(id);
    return isTypeScript(resolved) ? resolved : undefined;
  } catch {
    return undefined; // Node's own require below reports it
  }
}

let packs: TranspileCache | false | undefined;

function transpileCache(): TranspileCache | false {
  if (packs === undefined) {
    const dir = transpileCacheDir();
    packs = dir ? new TranspileCache(path.join(dir, "packs")) : false;
  }
  return packs;
}

/** Writes what was transpiled so far to the cache now rather than at exit (after loading a model). */
export function flushTranspileCache(): void {
  if (packs) packs.flush();
}

function transpiled(file: string, source: string): string {
  const cache = transpileCache();
  if (!cache) return transpile(source, file);
  const key = createHash("sha256").update(`${file}\0${source}`).digest("hex").slice(0, 40);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const code = transpile(source, file);
  cache.set(key, code);
  return code;
}

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
 * Packages required by the project's TypeScript files, per directory: Node would resolve each afresh
 * for every file (its module cache then returns the same exports, as this does).
 */
const packages = new Map<string, unknown>();
let loadDepth = 0;

function requireTypeScript(file: string): unknown {
  const cached = require.cache[file];
  if (cached) return cached.loaded ? cached.exports : readableWhileLoading(cached.exports);
  if (loadDepth === 0) loadNumber++;
  loadDepth++;
  try {
    return compileTypeScript(file);
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

function compileTypeScript(file: string): unknown {
  const source = readFileSync(file, "utf8");
  const code = transpiled(file, source);
  const module = new ModuleClass(file);
  module.filename = file;
  module.paths = ModuleClass._nodeModulePaths(path.dirname(file));
  const nativeRequire = createRequire(file);
  module.require = ((id: string) => {
    if (id.startsWith(".") || path.isAbsolute(id)) {
      const target = resolveTypeScript(file, id);
      return target ? requireTypeScript(target) : jitiRequire(id, file);
    }
    const key = `${path.dirname(file)}\0${id}`;
    if (packages.has(key)) return packages.get(key);
    const mapped = resolveMapped(file, id);
    if (mapped) return mapped.typescript ? requireTypeScript(mapped.file) : jitiRequire(mapped.file, file);
    const workspaceSource = packageTypeScript(nativeRequire, id);
    if (workspaceSource) {
      const exports = requireTypeScript(workspaceSource);
      packages.set(key, exports);
      return exports;
    }
    try {
      const exports = nativeRequire(id);
      packages.set(key, exports);
      return exports;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ERR_REQUIRE_ESM") throw error;
      return jitiRequire(id, file);
    }
  }) as NodeJS.Require;
  require.cache[file] = module;
  try {
    loading(file, () => module._compile(code, file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/**
 * CommonJS JavaScript (a `.cjs` file, or a `.js` file outside a `"type": "module"` package, written
 * without import/export statements: what `tsc` emits for TypeORM's CLI) is Node's own to load, as
 * TypeORM's CLI loads it; jiti takes everything else.
 */
function isCommonJs(file: string): boolean {
  if (file.endsWith(".cjs")) return true;
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

/** Imports a .ts/.js/.mts/.cts/.mjs/.cjs file and returns its module namespace. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    if (isTypeScript(file)) return requireTypeScript(path.resolve(file)) as Record<string, unknown>;
    if (isCommonJs(path.resolve(file))) return createRequire(path.resolve(file))(path.resolve(file));
    return (await (await getLoader()).import(file)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RetortError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof RetortError) throw cause;
    const message = (error as Error)?.message ?? String(error);
    // jiti wraps transform errors; surface ours unwrapped.
    const ours = /Syntax error in .*/.exec(message);
    if (ours) throw new RetortError(ours[0]);
    throw new RetortError(loadFailure(file, error), { cause: error });
  }
}
