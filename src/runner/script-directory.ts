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
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RetortError } from "../errors.js";
import type { Revision } from "../graph/revision-map.js";
import { RevisionMap } from "../graph/revision-map.js";
import { squashesToSetAside } from "../graph/squash-view.js";
import { importModule } from "../loader/typescript.js";
import type { MigrationContext } from "../runtime/op-api.js";
import { recordSpan } from "../timings.js";

export type MigrationFunction = (context: MigrationContext) => Promise<void> | void;

export interface Script {
  readonly revision: Revision;
  readonly upgrade: MigrationFunction;
  readonly downgrade: MigrationFunction;
  /**
   * Loads and checks the module when that was deferred (files read from their text alone), so a run
   * can refuse a broken file before it changes anything.
   */
  readonly prepare?: () => Promise<void>;
}

/** The loaded migrations of one directory and the graph they form. */
export class ScriptDirectory {
  /** The graph as a new database sees it: each squash in place of the revisions it replaces. */
  readonly map: RevisionMap;
  readonly #scripts: ReadonlyMap<string, Script>;

  constructor(
    readonly directory: string,
    scripts: readonly Script[],
  ) {
    this.map = new RevisionMap(scripts.map((s) => s.revision));
    this.#scripts = new Map(scripts.map((s) => [s.revision.id, s]));
  }

  /**
   * The graph for a database whose version table holds `rows`: `map`, unless a row is in the middle
   * of a squash's range and the replaced files are here, in which case that squash is set aside and
   * the database goes on through them (../graph/squash-view.ts).
   */
  mapFor(rows: readonly string[]): RevisionMap {
    const revisions = [...this.#scripts.values()].map((s) => s.revision);
    const setAside = squashesToSetAside(revisions, rows);
    return setAside.size === 0 ? this.map : new RevisionMap(revisions, { setAside });
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
  const start = performance.now();
  const files = names.map((name) => path.join(directory, name));
  // Read synchronously: for a thousand small files, the promise API's per-file handles cost more than
  // everything else `history` does.
  const sources = files.map((file) => readFileSync(file, "utf8"));
  const scripts: Script[] = [];
  for (const [i, file] of files.entries()) scripts.push(await loadScript(file, sources[i]));
  recordSpan("loading migrations", start);
  return new ScriptDirectory(directory, scripts);
}

/** Loads one migration file and checks its exports. */
export async function loadScript(file: string, text?: string): Promise<Script> {
  const source = text ?? (await readFile(file, "utf8"));
  // The files `retort revision` writes spell their graph exports as literals: read them from the text
  // and load the module only when upgrade() or downgrade() runs, so that `current`, `history` and
  // `heads` over a thousand migrations neither transpile nor evaluate any of them.
  const literal = literalScript(file, source);
  if (literal) return literal;
  const module = await importModule(file);
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
  const replaces = stringList(module.replaces, () =>
    problem("exports a `replaces` that is not a list of revision ids"),
  );
  const { upgrade, downgrade } = module;
  if (typeof upgrade !== "function") throw problem("does not export an `upgrade` function");
  if (typeof downgrade !== "function") throw problem("does not export a `downgrade` function");

  const revision = revisionOf(file, source, id, downRevisions, { branchLabels, dependsOn, replaces });
  return { revision, upgrade: upgrade as MigrationFunction, downgrade: downgrade as MigrationFunction };
}

/** The graph exports besides `revision` and `downRevision`, each a list (empty when not exported). */
interface GraphLists {
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly replaces: readonly string[];
}

function revisionOf(
  file: string,
  source: string,
  id: string,
  downRevisions: string[],
  { branchLabels, dependsOn, replaces }: GraphLists,
): Revision {
  const header = headerComment(source) ?? "";
  const createDate = /^Create Date:\s*(.+?)\s*$/m.exec(header)?.[1];
  return {
    id,
    downRevisions,
    message: firstParagraph(header),
    path: file,
    header,
    ...(createDate ? { createDate } : {}),
    ...(branchLabels.length > 0 ? { branchLabels } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    ...(replaces.length > 0 ? { replaces } : {}),
  };
}

const GRAPH_EXPORTS = ["revision", "downRevision", "branchLabels", "dependsOn", "replaces"] as const;

/** `export const name[: type] = <value>;` and any other line exporting `name`, for each graph export. */
const GRAPH_EXPORT_PATTERNS = Object.fromEntries(
  GRAPH_EXPORTS.map((name) => [
    name,
    {
      literal: new RegExp(
        `^export\\s+(?:const|let|var)\\s+${name}\\b(?:[ \\t]*:[^=\\n]+)?\\s*=\\s*([^;]*);`,
        "gm",
      ),
      mention: new RegExp(`\\bexport\\b[^\\n]*\\b${name}\\b`, "g"),
    },
  ]),
) as Record<(typeof GRAPH_EXPORTS)[number], { literal: RegExp; mention: RegExp }>;

const FUNCTION_PATTERNS = {
  upgrade: /^export\s+(?:async\s+)?function\s+upgrade\b|^export\s+const\s+upgrade\b/m,
  downgrade: /^export\s+(?:async\s+)?function\s+downgrade\b|^export\s+const\s+downgrade\b/m,
};

/**
 * The script from its text alone, when it exports `revision` (a string) and `downRevision` (and
 * optionally `branchLabels`, `dependsOn`, `replaces`) each exactly once as `export const name[: type] = <JSON>;`,
 * and declares `upgrade` and `downgrade` functions. Anything else (a computed value, a re-export)
 * returns undefined, and the module is loaded and checked as before.
 */
function literalScript(file: string, source: string): Script | undefined {
  if (/^\s*export\s*(\*|\{)/m.test(source)) return undefined;
  const values: Partial<Record<(typeof GRAPH_EXPORTS)[number], unknown>> = {};
  for (const name of GRAPH_EXPORTS) {
    const { literal, mention } = GRAPH_EXPORT_PATTERNS[name];
    const matches = [...source.matchAll(literal)];
    if (matches.length > 1 || (source.match(mention)?.length ?? 0) !== matches.length) return undefined;
    if (matches.length === 0) continue;
    try {
      values[name] = JSON.parse(matches[0]![1]!.trim());
    } catch {
      return undefined;
    }
  }
  if (!FUNCTION_PATTERNS.upgrade.test(source) || !FUNCTION_PATTERNS.downgrade.test(source)) return undefined;
  const id = values.revision;
  if (typeof id !== "string" || id === "" || !("downRevision" in values)) return undefined;
  const list = (value: unknown) =>
    value === null || value === undefined
      ? []
      : typeof value === "string"
        ? [value]
        : Array.isArray(value) && value.every((v) => typeof v === "string")
          ? [...value]
          : undefined;
  const downRevisions = list(values.downRevision);
  const branchLabels = list(values.branchLabels);
  const dependsOn = list(values.dependsOn);
  const replaces = list(values.replaces);
  if (!downRevisions || !branchLabels || !dependsOn || !replaces) return undefined;

  let module: Promise<Record<string, unknown>> | undefined;
  const load = async (name: "upgrade" | "downgrade"): Promise<MigrationFunction> => {
    module ??= importModule(file);
    const fn = (await module)[name];
    if (typeof fn !== "function")
      throw new RetortError(
        `Migration file ${file} does not export ${name === "upgrade" ? "an" : "a"} \`${name}\` function`,
      );
    return fn as MigrationFunction;
  };
  return {
    revision: revisionOf(file, source, id, downRevisions, { branchLabels, dependsOn, replaces }),
    upgrade: async (context) => (await load("upgrade"))(context),
    downgrade: async (context) => (await load("downgrade"))(context),
    prepare: async () => {
      await load("upgrade");
      await load("downgrade");
    },
  };
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
