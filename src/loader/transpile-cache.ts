/**
 * Transpiled files kept between runs, under the hash of their path and text, in a few pack files rather
 * than one file each: creating a thousand small files cost a cold run about a quarter of a second on
 * ext4 (and reading them back a warm one a tenth), where one pack is one write and one read.
 *
 * Each process that transpiled something adds one pack (written whole under a temporary name, then
 * renamed: a reader never sees half of one) when it exits or when `flush` is called; a reader loads
 * every pack on its first lookup. Past MAX_PACKS they are merged into one, dropping what this process
 * did not use once the merged pack would pass MAX_BYTES. Two processes at once only ever cost each
 * other a transpile: a pack removed under a reader is a miss.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const MAX_PACKS = 16;
const MAX_BYTES = 64 * 1024 * 1024;

type Pack = Record<string, string>;

export class TranspileCache {
  #known: Map<string, string> | undefined;
  #packs: string[] = [];
  readonly #fresh = new Map<string, string>();
  readonly #used = new Set<string>();
  // Registered only while something is unflushed: a cache that was flushed holds no listener on
  // `process`, so neither it nor its entries outlive their use (tests create dozens of caches).
  readonly #flushAtExit = () => this.flush();

  constructor(readonly dir: string) {}

  get(key: string): string | undefined {
    const code = this.#fresh.get(key) ?? this.#load().get(key);
    if (code !== undefined) this.#used.add(key);
    return code;
  }

  set(key: string, code: string): void {
    if (this.#fresh.size === 0) process.once("exit", this.#flushAtExit);
    this.#fresh.set(key, code);
    this.#used.add(key);
  }

  /** Writes what this process transpiled since the last flush as one pack. Never throws. */
  flush(): void {
    if (this.#fresh.size === 0) return;
    process.removeListener("exit", this.#flushAtExit);
    const fresh = Object.fromEntries(this.#fresh);
    for (const [key, code] of this.#fresh) this.#load().set(key, code);
    this.#fresh.clear();
    try {
      mkdirSync(this.dir, { recursive: true });
      if (this.#packs.length + 1 > MAX_PACKS) this.#merge(fresh);
      else this.#packs.push(this.#write(fresh));
    } catch {
      // a cache that cannot be written costs the next run a transpile, nothing more
    }
  }

  #load(): Map<string, string> {
    if (this.#known) return this.#known;
    this.#known = new Map();
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith(".json"));
    } catch {
      // no cache yet
    }
    for (const name of names) {
      try {
        const pack = JSON.parse(readFileSync(path.join(this.dir, name), "utf8")) as Pack;
        for (const [key, code] of Object.entries(pack)) this.#known.set(key, code);
        this.#packs.push(name);
      } catch {
        // removed by another process's merge since the listing, or unreadable: its entries are misses
      }
    }
    return this.#known;
  }

  #merge(fresh: Pack): void {
    let merged: Pack = Object.fromEntries(this.#load());
    let bytes = 0;
    for (const code of Object.values(merged)) bytes += code.length;
    if (bytes > MAX_BYTES) {
      merged = {
        ...Object.fromEntries([...this.#used].flatMap((key) => (merged[key] ? [[key, merged[key]]] : []))),
        ...fresh,
      };
    }
    const written = this.#write(merged);
    for (const old of this.#packs) rmSync(path.join(this.dir, old), { force: true });
    this.#packs = [written];
  }

  #write(pack: Pack): string {
    const name = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}.json`;
    const temporary = path.join(this.dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(pack));
    renameSync(temporary, path.join(this.dir, name));
    return name;
  }
}
