/**
 * `check --json` and the library's `check`: the result as stable, serialisable data (see the README's
 * "JSON output"). Operations are summarised, not dumped: their inner IR objects are not a contract.
 */
import { describe, targetOf } from "../ops/describe.js";
import type { HazardKind, Operation } from "../ops/operations.js";
import type { CheckResult } from "./check.js";

export interface OperationSummary {
  /** The operation kind, as `op.*` names it: `addColumn`, `createIndex`, ... */
  readonly kind: Operation["kind"];
  /** The table's schema; null for schema-level objects (enums, extensions, schemas, views). */
  readonly schema: string | null;
  readonly table: string | null;
  /** One line: `add column avatar character varying(255)`. */
  readonly description: string;
  readonly hazards: readonly { readonly kind: HazardKind; readonly reason: string }[];
  /** What else to read before applying it: `Possible rename: pass --rename ... to keep the values`. */
  readonly notes: readonly string[];
}

export interface CheckReport {
  /** True when autogenerate would generate nothing (and, with a shadow, every downgrade round-trips). */
  readonly upToDate: boolean;
  readonly operations: readonly OperationSummary[];
  /** Alembic's "Detected ..." lines, as `check` prints them. */
  readonly detections: readonly string[];
  /** With a shadow: what went wrong on the way down; else empty. */
  readonly roundTrip: readonly string[];
  /** With a shadow: columns a downgrade re-added at the end of their table (not a failure); else empty. */
  readonly notes: readonly string[];
}

export function summariseOperation(op: Operation): OperationSummary {
  const target = targetOf(op);
  return {
    kind: op.kind,
    schema: target?.schema ?? null,
    table: target?.table ?? null,
    description: describe(op),
    hazards: (op.hazards ?? []).map((h) => ({ kind: h.kind, reason: h.reason })),
    notes: [...(op.notes ?? [])],
  };
}

export function checkReport(result: CheckResult): CheckReport {
  return {
    upToDate:
      result.detections.length === 0 && result.operations.length === 0 && result.roundTrip.length === 0,
    operations: result.operations.map(summariseOperation),
    detections: [...result.detections],
    roundTrip: [...result.roundTrip],
    notes: [...result.notes],
  };
}
