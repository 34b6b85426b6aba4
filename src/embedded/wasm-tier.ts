/**
 * V8 compiles WebAssembly twice: at once with its baseline compiler (Liftoff), then again, function
 * by function as they get hot, with its optimising one (TurboFan) on another thread. PGlite's
 * PostgreSQL is 9 MB of WebAssembly and a retort command runs it for about a second, so the second
 * compilation costs more than it ever saves: it takes the machine's other core, and holds the
 * optimised code in memory. Measured on the demo project (examples/blog, embedded, 3 runs each):
 * `current` 0.89 → 0.64 s and 221 → 139 MB, `upgrade head` 1.27 → 0.88 s, initdb 4.84 → 4.70 s,
 * `check --shadow` of 50 revisions 6.35 → 5.69 s. The optimising tier was also tried for the shadow
 * alone (seconds of the same catalog queries, which optimised code runs 2–2.5 × faster in isolation):
 * no faster as a whole command (6.3–6.8 s against 6.5–6.8 s, alternating runs), 1.5–2 s more CPU and
 * 60 MB more memory.
 *
 * A flag of the whole process: set by the `retort` command for its own process only; a program that
 * uses retort as a library keeps V8's defaults.
 */
import { setFlagsFromString } from "node:v8";

export function compileWebAssemblyOnce(): void {
  setFlagsFromString("--liftoff-only");
}
