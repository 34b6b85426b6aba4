/** What `upgrade` and `downgrade` share: their options, their result, and the modes they refuse. */
import { RetortError } from "../errors.js";
import type { Log } from "../log.js";
import type { AppliedStep } from "../runner/runner.js";

export interface MigrateOptions {
  /** Receives the progress lines (`INFO  [retort.runtime.migration] Running upgrade ...`). */
  readonly log?: Log;
  /** Render SQL instead of running it: not supported yet. */
  readonly sql?: boolean;
}

export interface MigrateResult {
  /** The steps that ran and were committed, in order. */
  readonly steps: readonly AppliedStep[];
}

/** `a:b` ranges only make sense when rendering SQL (Alembic refuses them with the same message). */
export function rejectOfflineMode(target: string, options: MigrateOptions): void {
  if (options.sql) {
    throw new RetortError("--sql is not supported yet: retort can only run migrations against a database");
  }
  if (target.includes(":")) throw new RetortError("Range revision not allowed");
}
