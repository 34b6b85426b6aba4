/**
 * The model side, remembered between runs in `.retort/cache/`, so that a steady-state `check` or
 * `revision --autogenerate` neither loads TypeORM and the entities nor asks PostgreSQL to create the
 * model again.
 *
 * An entry is valid while its inputs are unchanged:
 * - the content of every project file the model was loaded from (the entity and DataSource modules and
 *   every local module they imported, as Node's module cache lists them after loading), and the files
 *   the entity globs match now (a new or removed entity file is a change);
 * - the values of the environment variables those files read (`process.env.X`), since DataSource
 *   options often come from there;
 * - the versions of retort (and the content of its model-side code), of the project's TypeORM, and of
 *   the PostgreSQL server that canonicalised the model (checked once connected).
 *
 * A miss is made cheap too: the canonical form of each table is kept under a hash of its TypeORM-side
 * description, so when one entity changed only that table (with bare copies of the tables its foreign
 * keys point at) is created in the scratch schemas again; the others are taken from the entry.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type pg from "pg";
import { retortBuildId } from "../build-id.js";
import { serverVersion as serverVersionOf } from "../introspect/read-server.js";
import { isProjectFile } from "../loader/project-files.js";
import { sourcesRead } from "../loader/sources-read.js";
import { entityFiles } from "../models/entity-files.js";
import type { GlobsMatched, ModelInputs, ModelPieces, PreviousModel, RawModelData } from "../models/index.js";
import { installedTypeormVersion } from "../models/typeorm-module.js";
import type { Schema, Table } from "../schema/ir.js";
import { byQualifiedName, qualifiedKey } from "../schema/ir.js";
import type { WhileWaiting } from "./index.js";

const FORMAT = 7;
const require = createRequire(import.meta.url);

export interface ModelCacheSource {
  readonly entities?: readonly string[];
  readonly dataSource?: string;
  readonly tsconfig?: string;
  readonly cwd: string;
  /** Where entries are kept, e.g. `<project>/.retort/cache`. */
  readonly cacheDir: string;
}

interface CanonicalPart {
  readonly serverVersion: number;
  /** Hash of what every table's canonical form depends on besides the table itself. */
  readonly context: string;
  /** Hash of the whole raw schema: equal means the canonical schema below is the answer. */
  readonly rawHash: string;
  /** The raw tables' keys (below), in the raw schema's order: a hit needs no table hashed again. */
  readonly keys: readonly string[];
  readonly enums: Schema["enums"];
  readonly views: Schema["views"];
  /** Canonical tables under the hash of their raw (TypeORM-side) description. */
  readonly tables: Readonly<Record<string, Table>>;
}

interface Entry {
  readonly format: number;
  readonly fingerprint: string;
  /** Project files read to load the model: size, modification time and the hash of their content. */
  readonly files: Readonly<Record<string, FileStamp>>;
  /** Glob patterns (absolute) whose matches are inputs, with the sorted matches seen. */
  readonly globs: readonly { readonly patterns: readonly string[]; readonly matches: readonly string[] }[];
  /** Environment variables the files read, with their values then. */
  readonly env: Readonly<Record<string, string | null>>;
  readonly raw: RawModelData;
  /** Hash of `raw`: on a hit, the raw model need not be serialised again to be recognised. */
  readonly rawHash?: string;
  /**
   * The canonical model as each server version spells it, the latest first (a shadow database on the
   * embedded PostgreSQL 17 and a live PostgreSQL 15 do not evict each other).
   */
  readonly canonicals?: readonly CanonicalPart[];
  /** What a partial build after an edit starts from (../models/partial-model.ts); none: a full build. */
  readonly pieces?: ModelPieces;
}

const sha = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");
const hashFile = (file: string) => sha(readFileSync(file)).slice(0, 32);

interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
}

/**
 * Whether a file still has the content it had: as git's index does, an unchanged size and modification
 * time is taken as unchanged content, and only a file whose stamp moved is read and hashed (so that a
 * `touch` or a checkout of the same content is no miss, and a thousand unchanged files cost a thousand
 * stat calls, not a thousand reads).
 */
function unchanged(file: string, stamp: FileStamp): boolean {
  const stat = statSync(file);
  if (stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs) return true;
  return stat.size === stamp.size && hashFile(file) === stamp.hash;
}

/** One project's cache: looked up before loading TypeORM, filled after canonicalising. */
export class ModelCache {
  #entry: Entry | undefined;
  /** The globs fresh() expanded, with what they match now. */
  readonly #globbed: GlobsMatched[] = [];
  /** The raw model `fresh()` returned from the entry, as is. */
  #freshRaw: RawModelData | undefined;
  #pending: Omit<Entry, "canonicals" | "raw" | "pieces"> | undefined;
  /** The pending entry's pieces, to be made (see #pieces). */
  #piecesLater: (() => ModelPieces | undefined) | undefined;
  #piecesMade: { made: ModelPieces | undefined } | undefined;
  /** The entry's file as read, for its digest (entryDigest). */
  #bytes: Buffer | undefined;
  #digest: string | undefined;
  /** Set when the entry alone answered both the raw and the canonical model (see answeredBy). */
  #answered: { serverVersion: number } | undefined;
  /**
   * After fresh() found the entry stale only because files changed: those files (every one of the
   * entry's files is checked then, not only up to the first changed).
   */
  #changedFiles: string[] | undefined;

  private constructor(
    readonly source: ModelCacheSource,
    readonly file: string,
    readonly fingerprint: string,
    entry: Entry | undefined,
    bytes: Buffer | undefined,
  ) {
    this.#entry = entry;
    this.#bytes = entry ? bytes : undefined;
  }

  /** Opens the project's entry (if any). Never throws: a cache that cannot be read is a miss. */
  static async open(source: ModelCacheSource): Promise<ModelCache> {
    const identity = sha(
      JSON.stringify({
        cwd: source.cwd,
        entities: source.entities ?? [],
        dataSource: source.dataSource,
        tsconfig: source.tsconfig,
      }),
    );
    const fingerprint = sha(
      JSON.stringify({
        format: FORMAT,
        // The model side's code: a development build never reads an entry an older build wrote.
        retort: retortBuildId(["models", "canonicalise", "introspect", "ops", "schema", "sql", "loader"]),
        typeorm: installedTypeormVersion(source.cwd) ?? "none",
      }),
    );
    const file = path.join(source.cacheDir, `model-${identity.slice(0, 16)}.json`);
    let entry: Entry | undefined;
    let bytes: Buffer | undefined;
    try {
      bytes = await readFile(file);
      entry = parseEntry(bytes);
      if (entry.format !== FORMAT || entry.fingerprint !== fingerprint) entry = undefined;
    } catch {
      entry = undefined;
    }
    return new ModelCache(source, file, fingerprint, entry, bytes);
  }

  /**
   * A digest of the entry, when fresh() answered the raw model from it (nothing was loaded), with the
   * server version named: canonical() then answers from the same entry alone whenever it did once
   * (answeredBy), so the canonical model is a function of this digest. Otherwise undefined.
   */
  entryDigest(serverVersion: number): string | undefined {
    if (!this.#bytes || !this.#freshRaw) return undefined;
    this.#digest ??= sha(this.#bytes);
    return `${this.#digest}:${serverVersion}`;
  }

  /**
   * entryDigest(), when canonical() too answered from the unchanged entry for that server version:
   * neither the raw nor the canonical model was made this run (../commands/in-sync-memo.ts).
   */
  answeredBy(serverVersion: number): string | undefined {
    return this.#answered?.serverVersion === serverVersion ? this.entryDigest(serverVersion) : undefined;
  }

  /** The raw model, when no input changed since the entry was written. */
  async fresh(): Promise<RawModelData | undefined> {
    const entry = this.#entry;
    if (!entry) return undefined;
    try {
      for (const [name, value] of Object.entries(entry.env))
        if ((process.env[name] ?? null) !== value) return undefined;
      for (const { patterns, matches } of entry.globs) {
        const now = await entityFiles(patterns, this.source.cwd);
        this.#globbed.push({ patterns, matches: now });
        if (now.length !== matches.length || now.some((file, i) => file !== matches[i])) return undefined;
      }
      const changed = Object.entries(entry.files)
        .filter(([file, stamp]) => !unchanged(file, stamp))
        .map(([file]) => file);
      if (changed.length > 0) {
        this.#changedFiles = changed;
        return undefined;
      }
    } catch {
      return undefined;
    }
    this.#freshRaw = entry.raw;
    return entry.raw;
  }

  /**
   * The entry's model, for a partial build (../models/partial-model.ts), when fresh() found only files
   * changed (a changed environment variable or a file added or removed: a full build).
   */
  previousModel(): PreviousModel | undefined {
    const entry = this.#entry;
    const changedFiles = this.#changedFiles;
    if (!entry?.pieces || !changedFiles) return undefined;
    return { pieces: entry.pieces, tables: () => entry.raw.schema.tables, changedFiles };
  }

  /** The project files the entry's model was loaded from (none without an entry). */
  filesBefore(): readonly string[] {
    return Object.keys(this.#entry?.files ?? {});
  }

  /** The globs fresh() expanded, with their matches: a load after a miss need not expand them again. */
  globbed(): readonly GlobsMatched[] {
    return this.#globbed;
  }

  /**
   * Notes what the model just loaded from: the project files now in Node's module cache (the
   * loader registers what it compiles there), the entity files, and the DataSource's entity globs.
   */
  recordInputs(inputs: ModelInputs): void {
    const files = new Set<string>(inputs.configFiles);
    for (const file of Object.keys(require.cache)) if (isProjectFile(file)) files.add(file);
    if (this.source.dataSource) files.add(this.source.dataSource);
    // The matches the load itself used: what the model was built from.
    const globs = inputs.globsMatched.map(({ patterns, matches }) => ({
      patterns: [...patterns],
      matches: [...matches],
    }));
    for (const { matches } of globs) for (const match of matches) files.add(match);
    const hashes: Record<string, FileStamp> = {};
    const env: Record<string, string | null> = {};
    // The loader's own reading of a file where there is one: the text the model was built from.
    const loaded = sourcesRead();
    for (const file of [...files].sort()) {
      let read = loaded.get(file);
      if (!read) {
        if (!existsSync(file)) continue;
        const { size, mtimeMs } = statSync(file);
        read = { size, mtimeMs, text: readFileSync(file, "utf8") };
      }
      hashes[file] = { size: read.size, mtimeMs: read.mtimeMs, hash: sha(read.text).slice(0, 32) };
      for (const name of envNames(read.text)) env[name] = process.env[name] ?? null;
    }
    this.#pending = { format: FORMAT, fingerprint: this.fingerprint, files: hashes, globs, env };
    this.#piecesLater = inputs.pieces;
    this.#piecesMade = undefined;
  }

  /**
   * The pending entry's pieces (../models/partial-model.ts), made on first use: while the server
   * creates the model (canonical()'s wait), or when the entry is written.
   */
  #pieces(): ModelPieces | undefined {
    if (!this.#piecesLater) return undefined;
    if (!this.#piecesMade) {
      let made: ModelPieces | undefined;
      try {
        made = this.#piecesLater();
      } catch {
        made = undefined;
      }
      this.#piecesMade = { made };
    }
    return this.#piecesMade.made;
  }

  /**
   * The canonical model: the entry's when neither the model nor the server changed; otherwise
   * canonicalised by `client`'s server, reusing every table whose description did not change, and
   * written back.
   */
  async canonical(client: pg.ClientBase, raw: RawModelData, whileWaiting?: WhileWaiting): Promise<Schema> {
    const serverVersion = await serverVersionOf(client);
    const kept = this.#entry?.canonicals ?? [];
    const previous = kept.find((part) => part.serverVersion === serverVersion);
    // Serialising a thousand tables' raw model to hash it took a steady-state check 20-30 ms.
    const fromEntry = this.#freshRaw;
    const isEntryRaw =
      fromEntry !== undefined &&
      raw.schema === fromEntry.schema &&
      raw.defaultSchema === fromEntry.defaultSchema &&
      raw.typeormTables === fromEntry.typeormTables;
    const entryRawHash = isEntryRaw ? this.#entry?.rawHash : undefined;
    // Each table serialised once: hashed for its key, and the same text is the entry's raw tables.
    const described = entryRawHash === undefined ? describeTables(raw) : undefined;
    const rawHash = entryRawHash ?? described!.rawHash;
    if (previous && previous.serverVersion === serverVersion && previous.rawHash === rawHash) {
      const canonical = assemble(raw.schema, previous, previous.keys);
      // Loaded again (a file was touched) but the same model: keep the entry, with the new inputs.
      if (this.#pending)
        await this.#write(
          { ...this.#pending, ...this.#piecesField(), raw, rawHash, canonicals: kept },
          described?.tablesJson,
        );
      else if (isEntryRaw) this.#answered = { serverVersion };
      return canonical;
    }

    // Loaded only on a miss: a hit creates nothing.
    const [{ canonicalise }, { withStubs }] = await Promise.all([
      import("./canonicalise.js"),
      import("./canonical-pieces.js"),
    ]);
    // The pieces of a whole build are made while the server works, which leaves this thread idle.
    const waiting = () => {
      whileWaiting?.();
      this.#pieces();
    };
    const keys = (described ?? describeTables(raw)).keys;
    const context = contextOf(raw, serverVersion);
    const reusable = previous && previous.context === context ? previous : undefined;
    const missing = raw.schema.tables.filter((_, i) => !reusable?.tables[keys[i]!]);
    let canonical: Schema;
    if (reusable && missing.length === 0) {
      canonical = assemble(raw.schema, reusable, keys);
    } else if (reusable && raw.schema.views.length === 0 && missing.length < raw.schema.tables.length / 2) {
      const created = withStubs(raw.schema, missing);
      // The entry's enums are these enums' canonical form (they are part of the context): only those
      // the created tables name are created again, not every enum of the model (at 500 entities, 500).
      const named = raw.schema.enums.filter((e) =>
        created.some((t) => t.columns.some((c) => c.type.includes(e.name))),
      );
      const fresh = await canonicalise(
        client,
        { ...raw.schema, enums: named, tables: created, views: [] },
        raw.defaultSchema,
        waiting,
      );
      const freshByName = new Map(fresh.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
      const tables: Record<string, Table> = { ...reusable.tables };
      raw.schema.tables.forEach((table, i) => {
        const found = freshByName.get(qualifiedKey(table.schema, table.name));
        if (found && !reusable.tables[keys[i]!]) tables[keys[i]!] = found;
      });
      canonical = keys.every((key) => tables[key])
        ? assemble(raw.schema, { ...reusable, tables }, keys)
        : await canonicalise(client, raw.schema, raw.defaultSchema, waiting);
    } else {
      canonical = await canonicalise(client, raw.schema, raw.defaultSchema, waiting);
    }

    const byKey: Record<string, Table> = {};
    const canonicalOf = new Map(canonical.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
    raw.schema.tables.forEach((table, i) => {
      const found = canonicalOf.get(qualifiedKey(table.schema, table.name));
      if (found) byKey[keys[i]!] = found;
    });
    const inputs = this.#pending ?? this.#entry;
    if (inputs) {
      const { format, fingerprint, files, globs, env } = inputs;
      const pieces = this.#pending
        ? this.#piecesField()
        : this.#entry?.pieces
          ? { pieces: this.#entry.pieces }
          : {};
      await this.#write(
        {
          format,
          fingerprint,
          files,
          globs,
          env,
          ...pieces,
          raw,
          rawHash,
          canonicals: [
            {
              serverVersion,
              context,
              rawHash,
              keys,
              enums: canonical.enums,
              views: canonical.views,
              tables: byKey,
            },
            ...kept.filter((part) => part.serverVersion !== serverVersion).slice(0, 2),
          ],
        },
        described?.tablesJson,
      );
    }
    return canonical;
  }

  #piecesField(): { pieces?: ModelPieces } {
    const pieces = this.#pieces();
    return pieces ? { pieces } : {};
  }

  /** Writes `entry`; `tablesJson`, when given, is its raw tables serialised already. */
  async #write(entry: Entry, tablesJson?: string): Promise<void> {
    // A failed write costs the next run a miss, nothing more.
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, serialiseEntry(entry, tablesJson));
      await rename(temporary, this.file);
      this.#entry = entry;
      this.#pending = undefined;
      this.#piecesLater = undefined;
      this.#piecesMade = undefined;
      // The file no longer holds the bytes read.
      this.#bytes = undefined;
      this.#digest = undefined;
      this.#answered = undefined;
    } catch {
      // A read-only project still works, uncached.
    }
  }
}

/**
 * An entry on disk is four lines of JSON, in the order a run needs them: the inputs (with the raw model
 * but its tables), the canonical parts, the raw tables, and the pieces a partial build starts from.
 * Whether the entry is still valid is known from the first line alone, a steady run needs neither the
 * third nor the fourth, and all but the first are parsed when first used: at a thousand entities the
 * whole entry was 4 MB and 35 ms of JSON.parse, half of it the raw tables. One file still, so that one
 * rename replaces them together.
 */
function serialiseEntry(entry: Entry, tablesJson?: string): string {
  const { canonicals = [], raw, pieces, ...inputs } = entry;
  const { tables, ...skeleton } = raw.schema;
  return [
    JSON.stringify({ ...inputs, raw: { ...raw, schema: skeleton } }),
    JSON.stringify(canonicals),
    tablesJson ?? JSON.stringify(tables),
    JSON.stringify(pieces ?? null),
  ].join("\n");
}

function parseEntry(bytes: Buffer): Entry {
  // JSON.stringify escapes every newline inside a string: the line breaks are the separators. Each
  // line is decoded when it is parsed: a hit never decodes the raw tables (half the file).
  const first = lineEnd(bytes, 0);
  const second = lineEnd(bytes, first + 1);
  const third = lineEnd(bytes, second + 1);
  const line = (start: number, end: number) => () => bytes.toString("utf8", start, end);
  const entry = JSON.parse(line(0, first)()) as Omit<Entry, "canonicals"> & {
    raw: { schema: Omit<Schema, "tables"> };
  };
  if (entry.format !== FORMAT) return entry as Entry;
  parsedOnFirstUse(entry.raw.schema, "tables", line(second + 1, third));
  parsedOnFirstUse(entry, "canonicals", line(first + 1, second));
  // `null` when the entry has none; a line missing or damaged is none too (the next load is whole).
  parsedOnFirstUse(entry, "pieces", line(third + 1, bytes.length), (text) => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  });
  return entry as Entry;
}

/** Where the line starting at `start` ends (its newline, or the end of the bytes). */
function lineEnd(bytes: Buffer, start: number): number {
  const end = bytes.indexOf(0x0a, start);
  return end === -1 ? bytes.length : end;
}

/** `object[key]`: the JSON `text()` returns, parsed the first time it is read. */
function parsedOnFirstUse(
  object: object,
  key: string,
  text: () => string,
  parse: (text: string) => unknown = JSON.parse,
): void {
  Object.defineProperty(object, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value: unknown = parse(text());
      Object.defineProperty(object, key, { value, enumerable: true, writable: false });
      return value;
    },
  });
}

/** The schema from cached canonical parts, in the order the introspector returns it. */
function assemble(
  raw: Schema,
  part: Pick<CanonicalPart, "enums" | "views" | "tables">,
  keys: readonly string[],
): Schema {
  return {
    namespaces: raw.namespaces,
    extensions: raw.extensions,
    enums: part.enums,
    sequences: [],
    tables: keys.map((key) => part.tables[key]!).sort(byQualifiedName),
    views: part.views,
  };
}

/**
 * Each raw table's key (its description hashed: equal keys canonicalise to equal tables in one
 * context), the raw model's hash (the rest of it with the keys in place of the tables), and the tables
 * as the entry keeps them: one serialisation of each table for all three.
 */
function describeTables(raw: RawModelData): { keys: string[]; rawHash: string; tablesJson: string } {
  const texts = raw.schema.tables.map((table) => JSON.stringify(table));
  const keys = texts.map((text) => sha(text).slice(0, 32));
  const rawHash = sha(JSON.stringify({ ...raw, schema: { ...raw.schema, tables: keys } }));
  return { keys, rawHash, tablesJson: `[${texts.join(",")}]` };
}

/** What a table's canonical form depends on besides the table: server, schemas, types, extensions. */
function contextOf(raw: RawModelData, serverVersion: number): string {
  const { schema } = raw;
  return sha(
    JSON.stringify({
      serverVersion,
      defaultSchema: raw.defaultSchema,
      namespaces: schema.namespaces,
      extensions: schema.extensions,
      enums: schema.enums,
      views: schema.views,
    }),
  );
}

/** `process.env.NAME` and `process.env["NAME"]` in a module's text. */
function envNames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*["'`]([^"'`]+)["'`]\s*\])/g))
    names.add((match[1] ?? match[2])!);
  return [...names];
}
