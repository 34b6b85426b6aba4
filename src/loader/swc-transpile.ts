/**
 * The fast way to turn the user's TypeScript into CommonJS: swc, a native compiler about forty times
 * quicker than TypeScript's `transpileModule` (a thousand entity files: 0.4 s instead of 6 s, and
 * 80 MB instead of 330), which is what a run with an empty transpile cache (every CI job on a fresh
 * clone) used to spend most of its time on.
 *
 * TypeORM reads the `design:type` decorator metadata to pick a column's type when the decorator does
 * not name one, so the output must carry the metadata TypeScript would emit, not merely similar
 * metadata. swc's differs in places (a same-file type alias, `readonly T[]`, `string | SomeEnum`, a
 * property with no annotation, the runtime test it wraps around a class reference), so its output is
 * used only when `metadataAgreesWithTypeScript` can show, value by value, that TypeScript would emit
 * the same at run time; otherwise the caller transpiles that file with TypeScript as before. swc is an
 * optional native package: where it is missing or fails to load, everything goes through TypeScript.
 */
import { createRequire } from "node:module";
import { metadataAgreesWithTypeScript } from "./swc-metadata.js";

const require = createRequire(import.meta.url);
type Swc = typeof import("@swc/core");

let swc: Swc | false | undefined;

function loadSwc(): Swc | false {
  if (swc === undefined) {
    try {
      swc = process.env.RETORT_TRANSPILER === "typescript" ? false : (require("@swc/core") as Swc);
    } catch {
      swc = false;
    }
  }
  return swc;
}

/**
 * The swc version for the transpile cache's key, read from its package.json: loading the native
 * module costs a run whose files are all cached (`retort history`) for nothing.
 */
export function swcVersion(): string {
  if (process.env.RETORT_TRANSPILER === "typescript") return "none";
  try {
    return (require("@swc/core/package.json") as { version: string }).version;
  } catch {
    return "none";
  }
}

/**
 * CommonJS for `source`, or undefined when the file must go through TypeScript: swc is not available,
 * it could not compile the file (TypeScript then reports the syntax error in its own words), or its
 * decorator metadata could differ from TypeScript's.
 */
export function transpileWithSwc(source: string, filename: string): string | undefined {
  const compiler = loadSwc();
  if (!compiler) return undefined;
  let code: string;
  try {
    code = compiler.transformSync(source, swcOptions(filename)).code;
  } catch {
    return undefined;
  }
  return checkedSwcOutput(compiler, code, source, filename);
}

/**
 * The same for many files at once, on swc's own threads (its asynchronous `transform`): what a cold
 * load of a thousand entity files spends transpiling, spread over the machine's cores. Each result is
 * what `transpileWithSwc` gives for that file; undefined where it would be.
 */
export async function transpileManyWithSwc(
  files: readonly { readonly source: string; readonly filename: string }[],
): Promise<(string | undefined)[]> {
  const compiler = loadSwc();
  if (!compiler) return files.map(() => undefined);
  const outputs = await Promise.all(
    files.map(({ source, filename }) =>
      compiler.transform(source, swcOptions(filename)).then(
        (output) => output.code,
        () => undefined,
      ),
    ),
  );
  return outputs.map((code, i) =>
    code === undefined ? undefined : checkedSwcOutput(compiler, code, files[i]!.source, files[i]!.filename),
  );
}

function swcOptions(filename: string): import("@swc/core").Options {
  return {
    filename,
    swcrc: false,
    configFile: false,
    sourceMaps: (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true ? "inline" : false,
    jsc: {
      parser: syntaxOf(filename),
      target: "es2022",
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: "commonjs" },
  };
}

const syntaxOf = (filename: string) =>
  ({ syntax: "typescript", decorators: true, tsx: filename.endsWith(".tsx") }) as const;

/** swc's output for `source`, or undefined when its decorator metadata could differ from TypeScript's. */
function checkedSwcOutput(compiler: Swc, code: string, source: string, filename: string): string | undefined {
  const syntax = syntaxOf(filename);
  // No decorators, no metadata to check; metadata in a form the check does not know (another swc
  // version's helpers) is TypeScript's to emit.
  if (!code.includes("_ts_decorate(")) return code.includes('"design:') ? undefined : code;
  try {
    return metadataAgreesWithTypeScript(code, source, () => compiler.parseSync(source, syntax));
  } catch {
    // anything the check cannot read is a file for TypeScript
    return undefined;
  }
}
