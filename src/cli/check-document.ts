/**
 * What `check --format markdown|github` renders: check's JSON report, plus, when the database is
 * behind its migrations and the models could not be compared, what is pending and its SQL. Plain data,
 * so the renderers are pure functions of it and their output can be compared with a golden file.
 */
import type { CheckReport, OperationSummary } from "../commands/check-report.js";

export interface CheckDocument {
  /** check's result; absent when the database is behind its migrations (nothing was compared). */
  readonly report?: CheckReport;
  /** The database is behind: the error's sentence and `upgrade <current>:heads --sql`'s script. */
  readonly pending?: { readonly reason: string; readonly sql: readonly string[] };
  /** Whether the migrations were replayed into a shadow database (so the downgrades were checked). */
  readonly shadow: boolean;
}

/** The operations under the table each touches, schema-level objects first, as the terminal summary. */
export function groupByTable(
  operations: readonly OperationSummary[],
): { readonly table: string; readonly operations: readonly OperationSummary[] }[] {
  const groups = new Map<string, OperationSummary[]>();
  for (const op of operations) {
    const key =
      op.table === null
        ? ""
        : op.schema === null || op.schema === "public"
          ? op.table
          : `${op.schema}.${op.table}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  const keys = [...groups.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : 0));
  return keys.map((key) => ({ table: key === "" ? "(schema objects)" : key, operations: groups.get(key)! }));
}
