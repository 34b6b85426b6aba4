/** What `upgrade` and `downgrade` share: their options, their result, and how they read a target. */
import { RetortError } from "../errors.js";
import type { Log } from "../log.js";
import type { AppliedStep } from "../runner/runner.js";

export interface MigrateOptions {
  /** Receives the progress lines (`INFO  [retort.runtime.migration] Running upgrade ...`). */
  readonly log?: Log;
  /** Called as each step starts: its number (from 1) and how many steps the run has. */
  readonly onStep?: (number: number, total: number) => void;
  /** Render the SQL script instead of running it (offline mode). */
  readonly sql?: boolean;
  /** Give up waiting for another run's migration lock after this many seconds (default: wait). */
  readonly lockTimeoutSeconds?: number;
}

export interface MigrateResult {
  /** The steps that ran and were committed (with --sql: that the script contains), in order. */
  readonly steps: readonly AppliedStep[];
  /** When no step ran: the revisions the database is at (empty: base). */
  readonly at?: readonly string[];
  /** With --sql: the script, one line per entry. */
  readonly sql?: readonly string[];
}

export interface MigrateRange {
  /** The revision an offline script starts from (`<start>:<target>`); undefined: the database's. */
  readonly start: string | undefined;
  readonly target: string;
}

/**
 * `<target>`, or `<start>:<target>` in --sql mode, with Alembic's refusals: a range only makes sense
 * when rendering SQL, and an offline downgrade must say where it starts.
 */
export function parseMigrateRange(
  command: "upgrade" | "downgrade",
  target: string,
  options: MigrateOptions,
): MigrateRange {
  const colon = target.indexOf(":");
  if (colon !== -1) {
    if (!options.sql) throw new RetortError("Range revision not allowed");
    return { start: target.slice(0, colon), target: target.slice(colon + 1) };
  }
  if (options.sql && command === "downgrade") {
    throw new RetortError("downgrade with --sql requires <fromrev>:<torev>");
  }
  return { start: undefined, target };
}
