/**
 * The user's TypeScript (and ES-module JavaScript) turned into CommonJS for ./typescript.ts to run.
 *
 * TypeORM picks a column's type from the `design:type` decorator metadata, so a file must compile
 * exactly as TypeScript compiles it with the settings TypeORM documents (`experimentalDecorators` +
 * `emitDecoratorMetadata`, what `ts-node --transpile-only` does). TypeScript's own `transpileModule`
 * (from the TypeScript ts-morph bundles) is that by definition, but costs about 5 ms a file; swc is
 * used instead for every file where its metadata provably is TypeScript's (./swc-transpile.ts), which
 * is nearly every entity file. The README's Performance section has the measurements behind the pair
 * (and why neither oxc nor jiti's Babel transform is one of them).
 *
 * Each transpiled file is kept on disk under the hash of its path and source (./transpile-cache.ts),
 * so a file seen before is read back and no compiler is loaded at all (`retort current` and `history`
 * load every migration file). The cache directory is retort's own, and its name carries the compiler
 * versions and the options below: output of another set of options is never mistaken for ours.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { RetortError } from "../errors.js";
import { cacheBase } from "./cache-base.js";
import { importMetaToCommonJs } from "./import-meta.js";
import { readSource } from "./sources-read.js";
import { swcVersion, transpileManyWithSwc, transpileWithSwc } from "./swc-transpile.js";
import { TranspileCache } from "./transpile-cache.js";

const require = createRequire(import.meta.url);

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

/**
 * `<project>/node_modules/.cache/retort/transpile-<key>` when the project has node_modules, else the
 * same under this user's own temp directory (./cache-base.ts). The key changes with the TypeScript and swc versions (read from their
 * package.json, without loading them) and with the options above.
 */
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
  const base = cacheBase();
  return base ? path.join(base, "retort", `transpile-${key}`) : false;
}

let packs: TranspileCache | false | undefined;

function transpileCache(): TranspileCache | false {
  if (packs === undefined) {
    const dir = findTranspileCacheDir();
    packs = dir ? new TranspileCache(path.join(dir, "packs")) : false;
  }
  return packs;
}

/** Writes what was transpiled so far to the cache now rather than at exit (after loading a model). */
export function flushTranspileCache(): void {
  if (packs) packs.flush();
  read.clear();
}

/**
 * Files `pretranspile` read, with their cache key, until the load reads them (`projectSource`): each
 * is read and hashed once per load, not once to look it up and again to run it.
 */
const read = new Map<string, { readonly source: string; readonly key: string }>();

/** The text of a project file the load is about to run. */
export function projectSource(file: string): string {
  return read.get(file)?.source ?? readSource(file);
}

const cacheKey = (file: string, source: string) =>
  createHash("sha256").update(`${file}\0${source}`).digest("hex").slice(0, 40);

/**
 * Before a model's files are loaded one by one: transpiles those of `files` not in the transpile cache
 * all at once on swc's threads and puts them there, so that the load finds them (a cold load of a
 * thousand entities transpiled them one after another on this thread). A file swc cannot take is left
 * for the load to transpile with TypeScript, as before.
 */
export async function pretranspile(files: readonly string[]): Promise<void> {
  // What an earlier load read and did not run (it failed first) may have changed since.
  read.clear();
  const cache = transpileCache();
  if (!cache) return;
  const missing: { source: string; filename: string; key: string }[] = [];
  for (const filename of files) {
    if (!/\.[cm]?tsx?$/.test(filename)) continue;
    let source: string;
    try {
      source = readSource(filename);
    } catch {
      // gone or unreadable: the load that needs it says so
      continue;
    }
    const key = cacheKey(filename, source);
    read.set(filename, { source, key });
    if (cache.get(key) === undefined) missing.push({ source, filename, key });
  }
  // One file is no batch: the load transpiles it as it would have.
  if (missing.length < 2) return;
  const outputs = await transpileManyWithSwc(missing);
  outputs.forEach((code, i) => {
    if (code !== undefined) cache.set(missing[i]!.key, code);
  });
}

/** Whether `source` (the text of `file`) is in the transpile cache (a load would not transpile it). */
export function isTranspiled(file: string, source: string): boolean {
  const cache = transpileCache();
  return cache !== false && cache.get(cacheKey(file, source)) !== undefined;
}

/** `source` (the text of `file`) as CommonJS: from the transpile cache, else transpiled now. */
export function transpiled(file: string, source: string): string {
  const cache = transpileCache();
  if (!cache) return transpile(source, file);
  const known = read.get(file);
  read.delete(file);
  const key = known?.source === source ? known.key : cacheKey(file, source);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const code = transpile(source, file);
  cache.set(key, code);
  return code;
}
