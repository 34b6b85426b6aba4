/**
 * PGlite's PostgreSQL (`pglite.wasm`, 9 MB), compiled once per process and shared by every PGlite
 * instance the process starts, and by the initdb worker: a compiled WebAssembly module crosses to a
 * worker thread without being compiled again, and the machine code V8 makes of each function when it
 * is first called is shared with it, so the database opened after initdb starts on warm code.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { PGliteOptions } from "@electric-sql/pglite";
import { readWhole } from "./read-whole.js";

export type CompiledPostgres = NonNullable<PGliteOptions["pgliteWasmModule"]>;

// Node's type definitions leave WebAssembly to the DOM library; this is the one call made here.
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledPostgres> };

let compiled: Promise<CompiledPostgres | undefined> | undefined;

/**
 * The compiled module, or undefined when it is not beside PGlite's entry point (a PGlite packaged
 * differently): PGlite then compiles its own.
 */
export function pgliteWasm(): Promise<CompiledPostgres | undefined> {
  compiled ??= (async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    return WebAssembly.compile(await readWhole(path.join(dist, "pglite.wasm")));
  })().catch(() => undefined);
  return compiled;
}
