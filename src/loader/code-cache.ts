/**
 * V8's compiled code for the CommonJS modules a model load runs, kept between runs: TypeORM's own ~300
 * files and the application's entity modules. Node 20 compiles every one of them from its text on
 * every run (86 of the 650 ms of a one-entity-changed `revision --autogenerate` at N = 500); V8 can
 * instead start from the code it produced last time (`vm.Script`'s `cachedData`), which also holds
 * the functions the last run compiled lazily (the data is taken when the process exits, not after the
 * compile: by then the model has been built and converted, which ran most of them).
 *
 * Node 22 has this built in (`module.enableCompileCache`, switched on here instead); on Node 20 the
 * loader (./typescript.ts) runs project modules through `CodeCache.run`, and `withCodeCache` sends the
 * packages' CommonJS files a model load requires the same way. Entries are kept in a few pack files
 * per project (one read each a run, not hundreds): a run that compiled something adds one pack with
 * what it compiled (a temporary file, renamed), as the transpile cache does (./transpile-cache.ts).
 * Rewriting one file of everything instead cost the first run after an entity's edit at N = 500 about
 * 10 ms to add one entry to 4 MB. Past MAX_PACKS the packs are merged into one; the merge drops an
 * entry when a newer text of its file has been compiled (each edit of an entity would otherwise add
 * one), and past MAX_BYTES everything the run did not use.
 *
 * An entry is looked up under the hash of the file's name and its exact text: V8 itself checks only
 * the length of the text (and its own version and flags), and npm gives every file of a package the
 * same modification time, so neither a size nor a time could tell an upgraded package's file apart.
 * Each entry's data is checked against its CRC-32 before V8 first sees it: V8 does not checksum a code cache in
 * release builds, and a damaged file must cost a compile, never a crash. Not used with
 * `--enable-source-maps` (Node applies a module's source map only when it compiles the module itself)
 * nor on a Node without `zlib.crc32` (before 20.15).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { cacheBase } from "./cache-base.js";

/** Past this, the entries the run did not use are dropped when the packs are merged. */
const MAX_BYTES = 32 * 1024 * 1024;
/** A run that would add a pack past this many merges them all into one instead. */
const MAX_PACKS = 8;
/** About how many modules `precompile` puts in one script. */
const GROUP_SIZE = 32;
/** Module.wrap's head: each module of a group is this function expression around its text. */
const WRAPPER_HEAD = Module.wrap("").slice(0, Module.wrap("").indexOf("{") + 2);

type CompilableModule = Module & {
  exports: unknown;
  require(id: string): unknown;
  _compile(code: string, filename: string): unknown;
};

/**
 * Whether `code` may be compiled from cached data. On Node 20 a script compiled from V8's cached data
 * loses its dynamic `import()` (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING when it runs; PGlite's CommonJS
 * build imports its ES module parts so), so a text that may hold one is left to Node's own compile.
 */
export function cacheable(code: string): boolean {
  return !code.includes("import(");
}

type Wrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: Module,
  filename: string,
  dirname: string,
) => void;

interface Entry {
  readonly data: Buffer;
  /** The module's file: a newer text of it replaces this entry. */
  readonly filename: string;
  /** The data's CRC-32 as written: checked when the entry is first used, and written back as it was. */
  readonly checksum: number;
  verified?: boolean;
  /** The same key's entry in another pack (two runs compiled the same text): tried if this one is damaged. */
  other?: Entry;
}

export class CodeCache {
  #known: Map<string, Entry> | undefined;
  /** The pack files read (their names in `dir`), oldest first. */
  #packs: string[] = [];
  /** Compiled this run without usable data: their data is taken at `flush`. */
  readonly #fresh = new Map<string, { readonly script: vm.Script; readonly filename: string }>();
  /** How many modules this cache compiled without usable data (for the tests). */
  misses = 0;
  /** Keys looked up this run, with their files. */
  readonly #used = new Map<string, string>();
  /** Wrappers compiled ahead in groups (`precompile`), by module file, with the text they came from. */
  readonly #precompiled = new Map<string, { readonly code: string; readonly wrapper: Wrapper }>();
  readonly #flushAtExit = () => this.flush();

  /** `dir`: the project's pack files (created when the first is written). */
  constructor(readonly dir: string) {}

  /** Compiles and runs `code` as the CommonJS module `module` (what `module._compile` does). */
  run(module: CompilableModule, code: string, filename: string): void {
    if (!cacheable(code)) {
      module._compile(code, filename);
      return;
    }
    runWrapper(this.compile(code, filename), module, filename);
  }

  /** `code` compiled as a CommonJS module's wrapper function, from the data of an earlier run if any. */
  compile(code: string, filename: string): Wrapper {
    const ahead = this.#precompiled.get(filename);
    if (ahead) {
      this.#precompiled.delete(filename);
      if (ahead.code === code) return ahead.wrapper;
    }
    const key = createHash("sha1").update(filename).update("\0").update(code).digest("base64url");
    const cachedData = this.#intact(key);
    const script = new vm.Script(Module.wrap(code), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData === undefined || script.cachedDataRejected) {
      this.misses += 1;
      if (this.#fresh.size === 0) process.once("exit", this.#flushAtExit);
      this.#fresh.set(key, { script, filename });
    }
    this.#used.set(key, filename);
    return script.runInThisContext({ displayErrors: true }) as Wrapper;
  }

  /**
   * Compiles the wrappers of many modules about to be loaded (a model's entity files) in a few scripts
   * rather than one each, for `compile` to hand out when each module's turn comes; nothing is run.
   * V8 spends about 0.06 ms on every script it deserialises a code cache for, whatever its size: five
   * hundred entity modules took 30 ms as five hundred scripts and 11 as one. A group is one script of
   * function expressions, `[(function (exports, require, ...) {...}), ...]`, under the hash of its files'
   * names and texts. The files go to groups by a hash of their name, about GROUP_SIZE to a group, so
   * that an edited file costs a compile of its group alone, and a new file does not move the others
   * (the number of groups changes only when the number of files doubles or halves). Each module's
   * wrapper is the function Module.wrap would have made of its text; only the script's name differs
   * (an error's stack names the group). A group V8 cannot compile (a syntax error in one file) is left
   * to `compile`, file by file, where the error belongs to its file. Each `label` (what the modules are)
   * has groups of its own; what was precompiled before stays until `forgetPrecompiled`.
   */
  precompile(
    modules: readonly { readonly filename: string; readonly code: string }[],
    label = "modules",
  ): void {
    modules = modules.filter(({ code }) => cacheable(code));
    if (modules.length < 2) return;
    const count = 2 ** Math.max(0, Math.round(Math.log2(modules.length / GROUP_SIZE)));
    const groups = new Map<number, { filename: string; code: string }[]>();
    for (const module of modules) {
      const group = crc32(Buffer.from(module.filename)) % count;
      const members = groups.get(group);
      if (members) members.push(module);
      else groups.set(group, [module]);
    }
    for (const [group, members] of groups) {
      const hash = createHash("sha1").update(`group of ${members.length}\0`);
      for (const { filename, code } of members) hash.update(filename).update("\0").update(code).update("\0");
      const key = hash.digest("base64url");
      // The group's name: what supersedes its earlier entries (see flush), and what a stack shows.
      const name = `[retort: ${label}, group ${group} of ${count}]`;
      const source = `[${members.map(({ code }) => `${WRAPPER_HEAD}${code}\n})`).join(",\n")}]`;
      const cachedData = this.#intact(key);
      let wrappers: Wrapper[];
      let script: vm.Script;
      try {
        script = new vm.Script(source, {
          filename: name,
          cachedData,
          importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
        });
        wrappers = script.runInThisContext({ displayErrors: true }) as Wrapper[];
      } catch {
        continue;
      }
      if (cachedData === undefined || script.cachedDataRejected) {
        this.misses += members.length;
        if (this.#fresh.size === 0) process.once("exit", this.#flushAtExit);
        this.#fresh.set(key, { script, filename: name });
      }
      this.#used.set(key, name);
      for (const [i, { filename, code }] of members.entries())
        this.#precompiled.set(filename, { code, wrapper: wrappers[i]! });
    }
  }

  /** Forgets the wrappers `precompile` made that no load asked for. */
  forgetPrecompiled(): void {
    this.#precompiled.clear();
  }

  /** Writes the data of what was compiled afresh as a new pack, or merges the packs. Never throws. */
  flush(): void {
    if (this.#fresh.size === 0) return;
    process.removeListener("exit", this.#flushAtExit);
    const known = this.#load();
    const fresh: [string, Entry][] = [];
    for (const [key, { script, filename }] of this.#fresh) {
      const data = script.createCachedData();
      const entry = { data, filename, checksum: crc32(data), verified: true };
      known.set(key, entry);
      fresh.push([key, entry]);
    }
    this.#fresh.clear();
    try {
      mkdirSync(this.dir, { recursive: true });
      // The one file retort kept before the packs (`<dir>.bin`), dead weight since.
      rmSync(`${this.dir}.bin`, { force: true });
      if (this.#packs.length + 1 > MAX_PACKS) this.#merge(known);
      else this.#packs.push(this.#write(fresh));
    } catch {
      // a cache that cannot be written costs the next run a compile, nothing more
    }
  }

  /** All entries as one pack, without the superseded ones (see the file comment); the old packs go. */
  #merge(known: Map<string, Entry>): void {
    // An earlier text of a file this run compiled is dead weight: each edit of an entity would add one.
    const compiled = new Set(this.#used.values());
    let entries = [...known].filter(([key, { filename }]) => this.#used.has(key) || !compiled.has(filename));
    if (entries.reduce((sum, [, { data }]) => sum + data.length, 0) > MAX_BYTES)
      entries = entries.filter(([key]) => this.#used.has(key));
    this.#known = new Map(entries);
    const written = this.#write(entries);
    for (const old of this.#packs) rmSync(path.join(this.dir, old), { force: true });
    this.#packs = [written];
  }

  /** One new pack of `entries`, written under a temporary name and renamed: its name. */
  #write(entries: readonly (readonly [string, Entry])[]): string {
    // Named by time first, so that the packs sort oldest first.
    const name = `${Date.now().toString(36).padStart(10, "0")}-${randomBytes(4).toString("hex")}.bin`;
    const temporary = path.join(this.dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, pack(entries));
    renameSync(temporary, path.join(this.dir, name));
    return name;
  }

  /** The data kept under `key`, if its checksum holds (checked once, when first used). */
  #intact(key: string): Buffer | undefined {
    const known = this.#load();
    let entry = known.get(key);
    while (entry && !entry.verified && crc32(entry.data) !== entry.checksum) entry = entry.other;
    if (!entry) {
      known.delete(key);
      return undefined;
    }
    entry.verified = true;
    entry.other = undefined;
    known.set(key, entry);
    return entry.data;
  }

  #load(): Map<string, Entry> {
    if (this.#known) return this.#known;
    this.#known = new Map();
    let names: string[] = [];
    try {
      names = readdirSync(this.dir)
        .filter((name) => name.endsWith(".bin"))
        .sort();
    } catch {
      // none yet: every module is compiled from its text
    }
    for (const name of names) {
      try {
        for (const [key, entry] of unpack(readFileSync(path.join(this.dir, name)))) {
          entry.other = this.#known.get(key);
          this.#known.set(key, entry);
        }
        this.#packs.push(name);
      } catch {
        // removed by another process's merge since the listing, or unreadable: its entries are misses
      }
    }
    return this.#known;
  }
}

function runWrapper(wrapper: Wrapper, module: CompilableModule, filename: string): void {
  wrapper.call(module.exports, module.exports, requireOf(module), module, filename, path.dirname(filename));
}

/** The `require` a module's code is given: its own `module.require`, as Node's loader makes it. */
function requireOf(module: CompilableModule): NodeJS.Require {
  const ModuleClass = Module as unknown as {
    _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
    _resolveLookupPaths(request: string, parent: Module): string[] | null;
    _cache: NodeJS.Require["cache"];
    _extensions: NodeJS.Require["extensions"];
  };
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) =>
    ModuleClass._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => ModuleClass._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.cache = ModuleClass._cache;
  require.extensions = ModuleClass._extensions;
  return require;
}

/**
 * One pack: the length of a JSON index, the index (`[key, bytes, crc32, filename]` per entry), then the
 * data in the index's order.
 */
function pack(entries: readonly (readonly [string, Entry])[]): Buffer {
  const index = Buffer.from(
    JSON.stringify(
      entries.map(([key, { data, filename, checksum }]) => [key, data.length, checksum, filename]),
    ),
  );
  const head = Buffer.alloc(4);
  head.writeUInt32LE(index.length);
  return Buffer.concat([head, index, ...entries.map(([, { data }]) => data)]);
}

function unpack(bytes: Buffer): Map<string, Entry> {
  const indexEnd = 4 + bytes.readUInt32LE(0);
  const index = JSON.parse(bytes.toString("utf8", 4, indexEnd)) as [string, number, number, string][];
  const entries = new Map<string, Entry>();
  let offset = indexEnd;
  for (const [key, length, checksum, filename] of index) {
    if (offset + length > bytes.length) break;
    entries.set(key, { data: bytes.subarray(offset, offset + length), filename, checksum });
    offset += length;
  }
  return entries;
}

const crc32 = (data: Buffer) => (zlib as unknown as { crc32(data: Buffer): number }).crc32(data);

let projectCache: CodeCache | false | undefined;

/**
 * The project's code cache: the packs in `<project>/node_modules/.cache/retort/code-<node>-<arch>/` (a directory of
 * this user's own under the temp directory when the project has no node_modules: ./cache-base.ts). None with `--enable-source-maps`, with
 * RETORT_CODE_CACHE=0, or on a Node that keeps such a cache itself (enabled here instead, in the same
 * directory).
 */
export function codeCache(): CodeCache | false {
  if (projectCache !== undefined) return projectCache;
  projectCache = false;
  const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
  const checksums = typeof (zlib as { crc32?: unknown }).crc32 === "function";
  if (sourceMaps || !checksums || process.env.RETORT_CODE_CACHE === "0") return projectCache;
  const base = cacheBase();
  if (!base) return projectCache;
  const dir = path.join(base, "retort");
  const builtIn = (Module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (builtIn) builtIn(path.join(dir, "node-compile-cache"));
  else projectCache = new CodeCache(path.join(dir, `code-${process.version}-${process.arch}`));
  return projectCache;
}

type CompileMethod = (this: CompilableModule, content: string, filename: string, format?: string) => unknown;

/**
 * Runs `load` with the CommonJS files of packages (TypeORM and what it requires) compiled through the
 * project's code cache. What was compiled afresh is written at exit (or at the next load in the same
 * process), so that its data holds the functions compiled lazily after the load too. Anything Node would not compile as plain CommonJS
 * (an ES module, text that is not CommonJS) is Node's own, as before.
 */
export async function withCodeCache<T>(load: () => Promise<T>): Promise<T> {
  const cache = codeCache();
  if (!cache) return load();
  // What an earlier load in this process compiled: its functions have run by now.
  cache.flush();
  const prototype = Module.prototype as unknown as { _compile: CompileMethod };
  const nodesOwn = prototype._compile;
  const inPackage = `${path.sep}node_modules${path.sep}`;
  const throughCache: CompileMethod = function (this: CompilableModule, content, filename, format) {
    if (format === "module" || !filename.includes(inPackage) || !cacheable(content))
      return nodesOwn.call(this, content, filename, format);
    let wrapper: Wrapper;
    try {
      wrapper = cache.compile(content, filename);
    } catch {
      // Not CommonJS (Node tells an ES module by its syntax): Node's own path decides what it is.
      return nodesOwn.call(this, content, filename, format);
    }
    return runWrapper(wrapper, this, filename);
  };
  prototype._compile = throughCache;
  try {
    return await load();
  } finally {
    // Unless something the load ran hooked it in turn (a `ts-node/register`): then it stays theirs.
    if (prototype._compile === throughCache) prototype._compile = nodesOwn;
  }
}
