/**
 * The migrations directory: finds the migration files, loads each one, and builds the revision graph
 * from what they export. A migration file (see shared/design.md) looks like:
 *
 *   /** add user avatar field
 *    *
 *    * Revision ID: 3f2a9c1b7d4e ... *\/
 *   export const revision = "3f2a9c1b7d4e";
 *   export const downRevision: string | null = "9b1c0d2e4f6a";
 *   export async function upgrade({ op }: MigrationContext) { ... }
 *   export async function downgrade({ op }: MigrationContext) { ... }
 *
 * The message is the first paragraph of the leading doc comment, as Alembic takes a migration's message
 * from the first paragraph of its module docstring.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RetortError } from "../errors.js";
import type { Revision } from "../graph/revision-map.js";
import { RevisionMap } from "../graph/revision-map.js";
import { importModule } from "../loader/typescript.js";
import type { MigrationContext } from "../runtime/op-api.js";

export type MigrationFunction = (context: MigrationContext) => Promise<void> | void;

export interface Script {
  readonly revision: Revision;
  readonly upgrade: MigrationFunction;
  readonly downgrade: MigrationFunction;
}

/** The loaded migrations of one directory and the graph they form. */
export class ScriptDirectory {
  readonly map: RevisionMap;
  readonly #scripts: ReadonlyMap<string, Script>;

  constructor(
    readonly directory: string,
    scripts: readonly Script[],
  ) {
    this.map = new RevisionMap(scripts.map((s) => s.revision));
    this.#scripts = new Map(scripts.map((s) => [s.revision.id, s]));
  }

  script(id: string): Script {
    const script = this.#scripts.get(id);
    if (!script) throw new RetortError(`No migration file for revision ${id} in ${this.directory}`);
    return script;
  }
}

const MIGRATION_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];

/** Source files only: declaration files (`.d.ts`, `.d.mts`, ...) describe modules, they are not ones. */
export function isMigrationFile(name: string): boolean {
  if (/\.d\.[mc]?ts$/.test(name)) return false;
  return MIGRATION_EXTENSIONS.some((extension) => name.endsWith(extension));
}

/** Loads every migration file in `directory` (not its subdirectories), in file name order. */
export async function loadScriptDirectory(directory: string): Promise<ScriptDirectory> {
  let names: string[];
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    names = entries.filter((e) => e.isFile() && isMigrationFile(e.name)).map((e) => e.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new RetortError(
        `Path doesn't exist: ${directory}.  Please use the 'init' command to create a new migrations directory.`,
      );
    }
    throw error;
  }
  names.sort();
  const scripts: Script[] = [];
  for (const name of names) scripts.push(await loadScript(path.join(directory, name)));
  return new ScriptDirectory(directory, scripts);
}

/** Loads one migration file and checks its exports. */
export async function loadScript(file: string): Promise<Script> {
  const [source, module] = await Promise.all([readFile(file, "utf8"), importModule(file)]);
  const problem = (what: string) => new RetortError(`Migration file ${file} ${what}`);

  const id = module.revision;
  if (typeof id !== "string" || id === "") throw problem("does not export `revision` (a string)");
  if (!("downRevision" in module)) {
    throw problem(
      "does not export `downRevision` (a revision id, a list of ids, or null for the first migration)",
    );
  }
  const downRevisions = stringList(module.downRevision, () =>
    problem("exports a `downRevision` that is not a string, a list of strings, or null"),
  );
  const branchLabels = stringList(module.branchLabels, () =>
    problem("exports `branchLabels` that are not a string, a list of strings, or null"),
  );
  const dependsOn = stringList(module.dependsOn, () =>
    problem("exports a `dependsOn` that is not a string, a list of strings, or null"),
  );
  const { upgrade, downgrade } = module;
  if (typeof upgrade !== "function") throw problem("does not export an `upgrade` function");
  if (typeof downgrade !== "function") throw problem("does not export a `downgrade` function");

  const header = headerComment(source) ?? "";
  const createDate = /^Create Date:\s*(.+?)\s*$/m.exec(header)?.[1];
  const revision: Revision = {
    id,
    downRevisions,
    message: firstParagraph(header),
    path: file,
    header,
    ...(createDate ? { createDate } : {}),
    ...(branchLabels.length > 0 ? { branchLabels } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
  };
  return { revision, upgrade: upgrade as MigrationFunction, downgrade: downgrade as MigrationFunction };
}

/** `"a"` → ["a"], `["a", "b"]` → as is, null/undefined → []. */
function stringList(value: unknown, invalid: () => Error): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return [...value];
  throw invalid();
}

/**
 * The text of the leading `/** ... *\/` comment (before any code; a shebang, blank lines and `//`
 * lines may precede it), with the ` * ` gutters removed. Undefined when the file has none.
 */
export function headerComment(source: string): string | undefined {
  const match = /^\uFEFF?(?:#![^\n]*\n)?(?:\s|\/\/[^\n]*\n)*\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!match) return undefined;
  return match[1]!
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\*?\s?/, "").trimEnd())
    .join("\n")
    .trim();
}

/** The message: the header's first paragraph, its lines joined so it prints on one line. */
export function firstParagraph(header: string): string {
  const [paragraph = ""] = header.split(/\n\s*\n/);
  return paragraph.split("\n").join(" ").trim();
}
