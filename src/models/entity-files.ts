/**
 * Entity classes from files: the globs of `--entities` / the config's `entities`, and the string entries
 * of a DataSource's own `entities` list (NestJS's `__dirname + "/../**\/*.entity{.ts,.js}"`).
 *
 * TypeORM would `require()` a DataSource's globbed files itself, which fails on TypeScript; retort
 * expands the globs and loads each file through its own loader, then hands TypeORM the classes.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { glob } from "tinyglobby";
import { RetortError } from "../errors.js";
import { getTsconfigPackage } from "../loader/get-tsconfig.js";
import { importModules } from "../loader/typescript.js";

const require = createRequire(import.meta.url);

/** The files a list of globs matches, sorted; compiled copies of matched TypeScript files left out. */
export async function entityFiles(patterns: readonly string[], cwd: string): Promise<string[]> {
  // Packages are skipped unless a pattern names node_modules itself (entities a package publishes).
  const inPackages = patterns.filter((pattern) => pattern.includes("node_modules"));
  const elsewhere = patterns.filter((pattern) => !pattern.includes("node_modules"));
  const files = [
    ...(elsewhere.length > 0
      ? await glob(elsewhere, { cwd, absolute: true, ignore: ["**/*.d.ts", "**/node_modules/**"] })
      : []),
    ...(inPackages.length > 0 ? await glob(inPackages, { cwd, absolute: true, ignore: ["**/*.d.ts"] }) : []),
  ];
  return withoutCompiledCopies([...new Set(files)].sort());
}

/**
 * `{.ts,.js}` globs over a project that has been built match each entity twice: `src/user.entity.ts`
 * and `dist/user.entity.js`. TypeORM would then see two classes for one table. When TypeScript files
 * match, JavaScript files inside the output directory (`outDir`) of the tsconfig that governs them are
 * the compiled copies, and left out; a project of plain JavaScript entities keeps them all.
 */
function withoutCompiledCopies(files: string[]): string[] {
  if (!files.some((file) => /\.[cm]?ts$/.test(file))) return files;
  const outDirs = new Map<string, string | undefined>();
  const outDirOf = (dir: string) => {
    if (!outDirs.has(dir)) {
      const found = getTsconfigPackage().getTsconfig(dir);
      const outDir = found?.config.compilerOptions?.outDir;
      outDirs.set(dir, found && outDir ? path.resolve(path.dirname(found.path), outDir) : undefined);
    }
    return outDirs.get(dir);
  };
  return files.filter((file) => {
    if (!/\.[cm]?js$/.test(file)) return true;
    const outDir = outDirOf(path.dirname(file));
    return !(outDir && (file + path.sep).startsWith(outDir + path.sep));
  });
}

/** The entity file each class `loadEntityClasses` returned was found in (the first, when several export it). */
const foundIn = new WeakMap<object, string>();

/** Every exported class and EntitySchema of the files (TypeORM keeps those that carry entity decorators). */
export async function loadEntityClasses(files: readonly string[]): Promise<unknown[]> {
  const classes: unknown[] = [];
  const modules = await importModules(files);
  modules.forEach((module, i) => {
    for (const value of Object.values(module))
      if (typeof value === "function" || isEntitySchema(value)) {
        classes.push(value);
        if (!foundIn.has(value as object)) foundIn.set(value as object, path.resolve(files[i]!));
      }
  });
  return classes;
}

/** The entity file `loadEntityClasses` found `entity` in, if it did. */
export function entityFileOf(entity: object): string | undefined {
  return foundIn.get(entity);
}

export function isEntitySchema(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)["@instanceof"] === Symbol.for("EntitySchema")
  );
}

/**
 * The file that exports `target` (an entity class), found in Node's module cache, where the loader
 * registers every project file it loaded; undefined when none does (a class from a package loaded as
 * an ES module, say). Only asked when an error must name a file.
 */
export function fileExporting(target: unknown): string | undefined {
  for (const [file, module] of Object.entries(require.cache)) {
    const exports = module?.exports as Record<string, unknown> | undefined;
    if (!exports || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (exports === target) return file;
    if (typeof exports === "object" && Object.values(exports).includes(target)) return file;
  }
  return undefined;
}

/** "No entity files match …" with what was asked and where, so a wrong glob is easy to see. */
export function noEntityFiles(patterns: readonly string[], cwd: string, whose: string): RetortError {
  return new RetortError(
    `No entity files match ${patterns.map((p) => `'${p}'`).join(", ")}${whose} in ${cwd}`,
  );
}
