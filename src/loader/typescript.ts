/**
 * Loads the user's TypeScript and JavaScript (entities, DataSource modules, migrations, config) with no
 * compile step.
 *
 * jiti does resolution, ESM/CJS interop and the on-disk transpile cache (keyed by content hash). Its
 * built-in Babel transform does not handle TypeORM's legacy decorators with `!:` fields nor emit
 * decorator metadata, so the transform is TypeScript's own `transpileModule` with
 * `experimentalDecorators` + `emitDecoratorMetadata` — the settings TypeORM documents, and what
 * `ts-node --transpile-only` does — taken from the TypeScript that ts-morph already bundles.
 */
import { createRequire } from "node:module";
import { createJiti, type Jiti } from "jiti";
import { RetortError } from "../errors.js";

let loader: Jiti | undefined;

function getLoader(): Jiti {
  if (loader) return loader;
  const { ts } = createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");
  loader = createJiti(import.meta.url, {
    interopDefault: false,
    moduleCache: true,
    transform(options) {
      const out = ts.transpileModule(options.source, {
        fileName: options.filename ?? "module.ts",
        reportDiagnostics: true,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          esModuleInterop: true,
          useDefineForClassFields: false,
          sourceMap: false,
          inlineSourceMap: true,
        },
      });
      const syntaxError = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
      if (syntaxError) {
        const where =
          syntaxError.file && syntaxError.start !== undefined
            ? syntaxError.file.getLineAndCharacterOfPosition(syntaxError.start)
            : undefined;
        const text = ts.flattenDiagnosticMessageText(syntaxError.messageText, "\n");
        throw new RetortError(
          `Syntax error in ${options.filename}${where ? `:${where.line + 1}:${where.character + 1}` : ""}: ${text}`,
        );
      }
      return { code: out.outputText };
    },
  });
  return loader;
}

/** Imports a .ts/.js/.mts/.cts/.mjs/.cjs file and returns its module namespace. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await getLoader().import(file)) as Record<string, unknown>;
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
