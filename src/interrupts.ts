/**
 * Ctrl-C, SIGTERM and SIGHUP. With no listener Node ends the process at once; retort needs two things
 * more, and keeps one listener per signal for both (one per open database reached Node's limit of ten):
 *
 * - Cleanups (`onInterruptCleanup`): the embedded database shuts PGlite down and releases its lock
 *   before the process ends; then the signal is raised again, so the process ends by it as it would
 *   have (a shell reports 130 for SIGINT, 143 for SIGTERM, and a script's loop stops).
 * - In the CLI (`handleInterrupts`), work that can stop cleanly (`interruptible`: a migration run) is
 *   asked to stop instead. The runner rolls back the step in progress and throws an error saying where
 *   the database is, which the CLI prints before it ends the process by the signal
 *   (`endByInterrupt`). A second signal does not wait for that: the cleanups run and the process ends,
 *   which leaves nothing half-applied either, since PostgreSQL rolls back a transaction whose
 *   connection closes.
 *
 * Library code in someone else's application never turns the second behaviour on: what a signal means
 * there is the application's to decide (it can pass an AbortSignal to the runner itself).
 */
import { constants } from "node:os";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

type Cleanup = () => Promise<void>;

const cleanups = new Set<Cleanup>();
const stoppable = new Set<AbortController>();
/** The CLI owns the process: signals ask `interruptible` work to stop first. */
let cli = false;
let onForcedEnd: (signal: NodeJS.Signals) => void = () => {};
let requested: NodeJS.Signals | undefined;
let ending = false;
let raised = false;
let listening = false;

/** The CLI's choice: a signal first asks `interruptible` work to stop; `forced` is told of a second. */
export function handleInterrupts(forced: (signal: NodeJS.Signals) => void): void {
  cli = true;
  onForcedEnd = forced;
  listen();
}

/** The signal that asked the work to stop, once one has. */
export function interruptRequested(): NodeJS.Signals | undefined {
  return requested;
}

/** Runs `cleanup` before a signal ends the process, until the returned function is called. */
export function onInterruptCleanup(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  listen();
  return () => {
    cleanups.delete(cleanup);
    listen();
  };
}

/**
 * Runs `work` with a signal that aborts when the caller's `outer` does, or, in the CLI, on Ctrl-C or
 * SIGTERM (its reason is then the signal's name).
 */
export async function interruptible<T>(
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  stoppable.add(controller);
  try {
    return await work(controller.signal);
  } finally {
    stoppable.delete(controller);
    outer?.removeEventListener("abort", forward);
  }
}

/** Ends the process by the signal that interrupted it, once the cleanups are done. */
export function endByInterrupt(signal: NodeJS.Signals): void {
  if (ending) return;
  ending = true;
  void Promise.allSettled([...cleanups].map((cleanup) => cleanup())).then(() => raiseAgain(signal));
}

function onSignal(signal: NodeJS.Signals): void {
  if (cli && requested === undefined && stoppable.size > 0) {
    requested = signal;
    for (const controller of stoppable) controller.abort(signal);
    return;
  }
  // A further signal while the cleanups run does not wait for them.
  if (ending) raiseAgain(signal);
  else {
    if (requested !== undefined) onForcedEnd(signal);
    endByInterrupt(signal);
  }
}

function raiseAgain(signal: NodeJS.Signals): void {
  raised = true;
  listen();
  process.kill(process.pid, signal);
  // In the CLI, something else listening for the signal too would keep the process alive: end it with
  // the status a shell reports for the signal. (In an application, its own listener decides.)
  if (cli) setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 500);
  else {
    // An application that lives on after the signal may open an embedded database again.
    raised = false;
    ending = false;
  }
}

/** Listens while there is something to do on a signal, so that otherwise Node's default applies. */
function listen(): void {
  const wanted = !raised && (cli || cleanups.size > 0);
  if (wanted === listening) return;
  listening = wanted;
  for (const signal of SIGNALS) {
    if (wanted) process.on(signal, onSignal);
    else process.removeListener(signal, onSignal);
  }
}
