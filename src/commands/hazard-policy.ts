/**
 * Hazards as the commands report them: their labels for the summary, and `--fail-on-hazard` for CI.
 */
import { HAZARD_KINDS } from "../diff/hazards.js";
import { RetortError } from "../errors.js";
import type { Hazard, HazardKind } from "../ops/operations.js";

const LABELS: Record<HazardKind, string> = {
  "data-loss": "DATA LOSS",
  "table-rewrite": "TABLE REWRITE",
  "long-lock": "LONG LOCK",
  "failure-risk": "MAY FAIL",
};

export function hazardLabel(kind: HazardKind): string {
  return LABELS[kind];
}

/** `data-loss,long-lock` → the kinds; an unknown word is an error that lists the known ones. */
export function parseHazardKinds(text: string): HazardKind[] {
  const words = text
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  for (const word of words) {
    if (!HAZARD_KINDS.includes(word as HazardKind)) {
      throw new RetortError(`Unknown hazard '${word}': use ${HAZARD_KINDS.join(", ")}`);
    }
  }
  return words as HazardKind[];
}

/**
 * Throws when an operation carries a hazard of a kind the caller refuses: an Operation, or one as
 * check reports it (`check --format` applies the policy after printing the report).
 */
export function enforceHazardPolicy(
  ops: readonly { readonly hazards?: readonly Hazard[] }[],
  failOn: readonly HazardKind[],
): void {
  if (failOn.length === 0) return;
  const refused = ops.flatMap((op) => (op.hazards ?? []).filter((h) => failOn.includes(h.kind)));
  if (refused.length === 0) return;
  const list = refused.map((h) => `${LABELS[h.kind]}: ${h.reason}`).join("; ");
  throw new RetortError(`Refusing operations with hazards (--fail-on-hazard ${failOn.join(",")}): ${list}`);
}
