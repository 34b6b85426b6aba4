/**
 * `check`'s memory of the comparisons it found in sync, so that a steady check (nothing changed since
 * the last one) neither decodes the catalog into the IR nor diffs: at 500 tables those were 45-60 ms
 * of a ~300 ms run, after the server's answer, with nothing left to overlap them.
 *
 * The verdict is a function of its inputs, and the key holds every one of them:
 * - the server's answer to the catalog queries, byte for byte (with the schemas asked and the server's
 *   version): the IR is decoded from that answer and nothing else (../introspect/index.ts);
 * - the model cache entry that answered both the raw and the canonical model, byte for byte, unchanged
 *   since it was read (ModelCache.answeredBy): the canonical model, the default schema and TypeORM's
 *   own tables are that entry's;
 * - the comparison's options (schemas, version table, filters, `--online`, `--fail-on-hazard`);
 * - retort's build, by the code that decodes, filters, diffs and reports.
 * Anything the key cannot hold turns the memo off for that run: an `includeObject` function in the
 * config, `--rename` answers (they may name something that is not there, an error), a model that was
 * loaded or canonicalised this run, a model that names schemas the early read did not ask for.
 *
 * Only "in sync" is remembered (no operation, no detection): a difference is always diffed, so its
 * report is always the differ's. The file holds the last few keys, one per line, newest first; a
 * missing or unreadable file is an empty memory, and a failed write costs the next run a diff.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { retortBuildId } from "../build-id.js";
import type { RawModel } from "../canonicalise/index.js";
import type { CatalogAnswer } from "../introspect/index.js";
import type { CompareOptions } from "./compare.js";

/** Enough for a few databases (dev, test, a branch's) checked against the same model in turn. */
const KEPT = 16;

export class InSyncMemo {
  #lines: string[] | undefined;

  private constructor(
    private readonly file: string,
    private readonly model: NonNullable<RawModel["cache"]>,
    private readonly options: string,
  ) {}

  /** The memo for this comparison, or undefined when its inputs cannot all be keyed. */
  static of(
    model: RawModel,
    options: CompareOptions,
    failOnHazard: readonly string[] = [],
  ): InSyncMemo | undefined {
    const cache = model.cache;
    const hints = options.renameHints;
    if (!cache || options.filters?.includeObject || hints?.columns?.length || hints?.tables?.length)
      return undefined;
    const { includeObject: _, ...filters } = options.filters ?? {};
    const keyed = JSON.stringify({
      schemas: options.schemas ?? null,
      versionTable: options.versionTable,
      filters,
      online: options.online ?? false,
      failOnHazard: [...failOnHazard].sort(),
    });
    return new InSyncMemo(path.join(cache.source.cacheDir, "in-sync"), cache, keyed);
  }

  /**
   * Whether some catalog was found in sync with this model (before the catalog is here: when none was,
   * the comparison need not wait for it to start making the model canonical).
   */
  knowsModel(serverVersion: number): boolean {
    const model = this.#modelKey(this.model.entryDigest(serverVersion));
    return model !== undefined && this.#read().some((line) => line.startsWith(`${model} `));
  }

  /** Whether this model was found in sync with `catalog` (the early read's, of the config's schemas). */
  remembers(catalog: CatalogAnswer): boolean {
    const model = this.#modelKey(this.model.entryDigest(catalog.serverVersion));
    return model !== undefined && this.#read().includes(lineOf(model, catalog));
  }

  /**
   * Notes that this model was found in sync with `catalog`, when both sides were what the key says: the
   * model cache's entry answered the raw and the canonical model unchanged, and the comparison read
   * exactly the early read's catalog (the caller's to say).
   */
  remember(catalog: CatalogAnswer): void {
    const model = this.#modelKey(this.model.answeredBy(catalog.serverVersion));
    if (!model) return;
    const line = lineOf(model, catalog);
    const lines = [line, ...this.#read().filter((kept) => kept !== line)].slice(0, KEPT);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${lines.join("\n")}\n`);
      renameSync(temporary, this.file);
    } catch {
      // A read-only project still works: each check diffs.
    }
  }

  /** The key's half that is known before the catalog: retort's build, the model, the options. */
  #modelKey(entry: string | undefined): string | undefined {
    if (!entry) return undefined;
    // The code the verdict comes from: decoding the catalog, filtering, diffing, comparing.
    const build = retortBuildId(["commands", "config", "diff", "introspect", "ops", "schema", "sql"]);
    return sha(JSON.stringify({ build, entry, options: this.options }));
  }

  #read(): string[] {
    try {
      this.#lines ??= readFileSync(this.file, "utf8")
        .split("\n")
        .filter((line) => /^[0-9a-f]{64} [0-9a-f]{64}$/.test(line));
    } catch {
      this.#lines = [];
    }
    return this.#lines;
  }
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** A memo line: the model's key, and the key of the model with this catalog. */
const lineOf = (model: string, catalog: CatalogAnswer) => `${model} ${sha(`${model}\n${catalog.digest}`)}`;
