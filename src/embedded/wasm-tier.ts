/**
 * Which of V8's WebAssembly compilers a `retort` command uses for PGlite's PostgreSQL (9 MB of
 * WebAssembly). V8 compiles it at once with its baseline compiler (Liftoff) and then, function by
 * function as they get hot, again with its optimising one (TurboFan) on another thread. The choice is
 * made when the module is compiled (setting the flag later changes nothing), so it is made per command.
 *
 * - Most commands run PostgreSQL for about a second: the second compilation costs more than it saves
 *   (it takes the machine's other core and holds the optimised code in memory). Liftoff only. Measured
 *   on the demo project (examples/blog, embedded): `current` 0.89 → 0.64 s and 221 → 139 MB,
 *   `upgrade head` 1.27 → 0.88 s.
 * - A throw-away shadow database replays a whole history and reads the catalog before and after every
 *   step, seconds of the same few catalog queries: optimised code runs them 2–2.5 × faster (the
 *   catalog fingerprint of a 100-table schema, ./../shadow/catalog-fingerprint.ts: 25 → 10 ms).
 *
 * A flag of the whole process: set by the `retort` command for its own process; a program that uses
 * retort as a library keeps V8's defaults.
 */
import { setFlagsFromString } from "node:v8";

/** What decides it: the command's name and its options (as commander parsed them). */
export function chooseWebAssemblyTier(command: string, options: Readonly<Record<string, unknown>>): void {
  if (!usesEmbeddedShadow(command, options)) setFlagsFromString("--liftoff-only");
}

/** `check --shadow`, `revision --autogenerate --shadow`, and `squash`/`import-typeorm` without a --shadow-url. */
export function usesEmbeddedShadow(command: string, options: Readonly<Record<string, unknown>>): boolean {
  if (options.shadow === true) return true;
  return (command === "squash" || command === "import-typeorm") && options.shadowUrl === undefined;
}
