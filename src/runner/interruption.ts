/**
 * How a migration run stops when its AbortSignal aborts (Ctrl-C or SIGTERM in the CLI, see
 * ../interrupts.ts): the statement running is cancelled on the server, the migration's own code is not
 * waited for (it may be waiting on anything), nothing more of the step reaches the database, and
 * ./runner.ts rolls the step's transaction back. PostgreSQL's DDL is transactional, so nothing of the
 * step stays applied.
 */
import type pg from "pg";
import { cancelRunningStatement } from "../db/cancel-query.js";

/** Thrown into a step once the run was asked to stop. */
export class StopRequested extends Error {
  constructor() {
    super("the migration run was asked to stop");
  }
}

export class Interruption {
  #inFlight = 0;
  readonly #cancel = () => {
    if (this.#inFlight > 0) void cancelRunningStatement(this.client);
  };

  constructor(
    private readonly client: pg.Client,
    readonly signal: AbortSignal,
  ) {
    signal.addEventListener("abort", this.#cancel, { once: true });
  }

  get requested(): boolean {
    return this.signal.aborted;
  }

  /** `SIGINT` or `SIGTERM` when a signal stopped the run (the CLI aborts with its name). */
  get signalName(): string | undefined {
    return typeof this.signal.reason === "string" ? this.signal.reason : undefined;
  }

  throwIfRequested(): void {
    if (this.signal.aborted) throw new StopRequested();
  }

  /**
   * Runs statements that a stop cancels on the server. Only while one runs is a cancel sent: one that
   * arrived after it ended could cancel the ROLLBACK that follows.
   */
  async statements<T>(run: () => Promise<T>): Promise<T> {
    this.throwIfRequested();
    this.#inFlight += 1;
    try {
      return await run();
    } finally {
      this.#inFlight -= 1;
    }
  }

  /** `work`, or StopRequested as soon as the run is asked to stop, whichever comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    // Given up on, `work` settles later with no one waiting: its rejection is not an unhandled one.
    work.catch(() => {});
    if (this.signal.aborted) return Promise.reject(new StopRequested());
    let onAbort = () => {};
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(new StopRequested());
      this.signal.addEventListener("abort", onAbort, { once: true });
    });
    return Promise.race([work, stopped]).finally(() => this.signal.removeEventListener("abort", onAbort));
  }

  dispose(): void {
    this.signal.removeEventListener("abort", this.#cancel);
  }
}
