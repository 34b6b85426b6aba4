/**
 * Loads the user's TypeScript and JavaScript (entities, DataSource modules, migrations, config) with no
 * compile step.
 *
 * jiti does resolution, ESM/CJS interop and the on-disk transpile cache (keyed by content hash). Its
 * built-in Babel transform does not handle TypeORM's legacy decorators with `!:` fields nor emit
 * decorator metadata, so the transform is TypeScript's own `transpileModule` with
 * `experimentalDecorators` + `emitDecoratorMetadata` — the settings TypeORM documents, and what
 * `ts-node --transpile-only` does — taken from the TypeScript that ts-morph already bundles.
 *
 * Start-up matters (`retort current` and `history` load every migration file): jiti is imported on
 * first use, and TypeScript only when a file must really be transpiled. jiti keeps each transpiled file
 * on disk under the hash of its source, so a file seen before is read back and TypeScript is not loaded
 * at all. The cache directory is retort's own, and its name carries the TypeScript version and the
 * compiler options below: a file transpiled by another tool's jiti (Babel, no decorator metadata), or
 * by another set of options, is never mistaken for ours.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Jiti } from "jiti";
import { RetortError } from "../errors.js";

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
function transpileCacheDir(): string | false {
  if (process.env.RETORT_TRANSPILE_CACHE === "0") return false;
  let version = "unknown";
  try {
    const morph = path.dirname(require.resolve("ts-morph/package.json"));
    const common = createRequire(path.join(morph, "package.json")).resolve("@ts-morph/common/package.json");
    version = (JSON.parse(readFileSync(common, "utf8")) as { version: string }).version;
  } catch {
    // an unknown version still gets a directory of its own
  }
  const optionsText = `CommonJS ES2022 experimentalDecorators emitDecoratorMetadata esModuleInterop noDefine${withSourceMaps ? " inlineSourceMap" : ""}`;
  const key = createHash("sha256").update(`${version}\n${optionsText}`).digest("hex").slice(0, 12);
  const projectModules = path.join(process.cwd(), "node_modules");
  const base = existsSync(projectModules) ? path.join(projectModules, ".cache") : tmpdir();
  return path.join(base, "retort", `transpile-${key}`);
}

function getLoader(): Promise<Jiti> {
  loader ??= import("jiti").then(({ createJiti }) =>
    createJiti(import.meta.url, {
      interopDefault: false,
      moduleCache: true,
      // A config that imports `defineConfig` from "retort" must get this very package, loaded natively
      // (require(esm) on Node >= 20.19), not a second copy of dist/ transpiled to CommonJS by jiti,
      // which fails on its own `const require = createRequire(...)`.
      nativeModules: ["retort"],
      fsCache: transpileCacheDir(),
      transform(options) {
        const t = ts();
        const out = t.transpileModule(options.source, {
          fileName: options.filename ?? "module.ts",
          reportDiagnostics: true,
          compilerOptions: compilerOptions(t),
        });
        const syntaxError = out.diagnostics?.find((d) => d.category === t.DiagnosticCategory.Error);
        if (syntaxError) {
          const where =
            syntaxError.file && syntaxError.start !== undefined
              ? syntaxError.file.getLineAndCharacterOfPosition(syntaxError.start)
              : undefined;
          const text = t.flattenDiagnosticMessageText(syntaxError.messageText, "\n");
          throw new RetortError(
            `Syntax error in ${options.filename}${where ? `:${where.line + 1}:${where.character + 1}` : ""}: ${text}`,
          );
        }
        return { code: out.outputText };
      },
    }),
  );
  return loader;
}

/** Imports a .ts/.js/.mts/.cts/.mjs/.cjs file and returns its module namespace. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await (await getLoader()).import(file)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RetortError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof RetortError) throw cause;
    const message = (error as Error)?.message ?? String(error);
    // jiti wraps transform errors; surface ours unwrapped.
    const ours = /Syntax error in .*/.exec(message);
    if (ours) throw new RetortError(ours[0]);
    throw new RetortError(`Could not load ${file}: ${message.split("\n")[0]}`, { cause: error });
  }
}
