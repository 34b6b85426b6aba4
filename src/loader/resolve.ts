/**
 * Which file a project module's import means: a relative import (`./user`, `./user.js` NodeNext style,
 * `./user/index`), a bare import the tsconfig maps to the project (`src/user/user.entity`, `@app/user`)
 * or a package whose entry point is TypeScript (a workspace package). Packages otherwise are Node's to
 * resolve (./typescript.ts).
 *
 * Resolving a thousand entity files' imports of each other asked the file system three times per
 * import; a directory is listed once instead, and listed again only when its modification time moved
 * (checked once per top-level load, so a long-lived process sees files added between two loads).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { mappedCandidates } from "./tsconfig-paths.js";

const TYPESCRIPT = /\.[cm]?ts$/;
export const isTypeScript = (file: string) => TYPESCRIPT.test(file) && !/\.d\.[cm]?ts$/.test(file);
const JAVASCRIPT = /\.[cm]?js$/;

interface Listing {
  readonly mtimeMs: number;
  /** name → is a file */
  readonly entries: Map<string, boolean>;
  checkedInLoad: number;
}
const listings = new Map<string, Listing>();
let loadNumber = 0;

/** A new top-level load begins: a directory listed before is checked for changes on its next use. */
export function startLoad(): void {
  loadNumber++;
}

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
export function resolveTypeScript(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = isTypeScript(base)
    ? [base]
    : JAVASCRIPT.test(base)
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
  if (!isTypeScript(base) && !JAVASCRIPT.test(base) && exists(`${base}.js`)) return undefined;
  return candidates.find(isFile);
}

/** `./x`, `./x.js`, `./x/index`: the JavaScript (or JSON) file a relative import means, if any. */
export function resolveJavaScript(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, `${base}.json`, path.join(base, "index.js")].find(
    isFile,
  );
}

/**
 * A bare import the tsconfig maps to a project file (`src/user/user.entity`, `@app/user`): the first
 * candidate, in the tsconfig's order, where a TypeScript or JavaScript file exists. Undefined leaves
 * it to Node's resolution (a package).
 */
export function resolveMapped(from: string, specifier: string): string | undefined {
  for (const candidate of mappedCandidates(from, specifier)) {
    const file = resolveTypeScript(from, candidate) ?? resolveJavaScript(from, candidate);
    if (file) return file;
  }
  return undefined;
}

/**
 * A package whose entry point is TypeScript: a monorepo's workspace package (`@acme/db` with
 * `"main": "src/index.ts"`), linked into node_modules. Node resolves it but cannot run it; the loader
 * compiles it like the project's own files.
 */
export function packageTypeScript(nativeRequire: NodeJS.Require, id: string): string | undefined {
  try {
    const resolved = nativeRequire.resolve(id);
    return isTypeScript(resolved) ? resolved : undefined;
  } catch {
    return undefined; // Node's own require reports it
  }
}
