/**
 * The warning at the top of a squash: the hand-written SQL (`op.execute`) the replaced revisions ran.
 * The squash is the difference between two schemas, so it holds none of it: data changes are usually
 * not wanted on a new database (there are no rows to backfill), but anything else such SQL made (a
 * function, a trigger, a grant, a seed row the application needs) must be copied in by hand.
 *
 * Written as `//` lines after the header, so that no statement text can end a comment early.
 */

/** The `op.execute` statements of one replaced revision's upgrade(), in the order it ran them. */
export interface DataStep {
  readonly revision: string;
  readonly message: string;
  readonly statements: readonly string[];
}

export function renderDataStepsWarning(steps: readonly DataStep[]): string | undefined {
  if (steps.length === 0) return undefined;
  const lines = [
    "WARNING: the revisions this squash replaces ran the SQL below by hand (op.execute). It is not",
    "in upgrade(): a database built from this file never runs it. Backfills and other data changes",
    "are usually not needed on a new database; anything else (a function, a trigger, a grant, rows",
    "the application needs) must be added to upgrade() and downgrade() by hand.",
  ];
  for (const step of steps) {
    lines.push("", `${step.revision}${step.message ? ` (${step.message})` : ""}:`);
    for (const statement of step.statements) {
      for (const line of statement.trim().split(/\r?\n/)) lines.push(`  ${line}`);
    }
  }
  return lines.map((line) => `// ${line}`.trimEnd()).join("\n");
}
