/**
 * What `check --format markdown|github` renders: check's JSON report, plus, when the database is
 * behind its migrations and the models could not be compared, what is pending and its SQL. Plain data,
 * so the renderers are pure functions of it and their output can be compared with a golden file.
 */
import type { CheckReport } from "../commands/check-report.js";

export interface CheckDocument {
  /** check's result; absent when the database is behind its migrations (nothing was compared). */
  readonly report?: CheckReport;
  /** The database is behind: the error's sentence and `upgrade <current>:heads --sql`'s script. */
  readonly pending?: { readonly reason: string; readonly sql: readonly string[] };
  /** Whether the migrations were replayed into a shadow database (so the downgrades were checked). */
  readonly shadow: boolean;
}
