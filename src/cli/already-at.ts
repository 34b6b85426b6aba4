/**
 * What `upgrade` and `downgrade` print when no step ran, instead of nothing: `Already at head
 * (e445f1c43bda)`, `Already at base`. Alembic only logs its context lines there; a silent success
 * left people unsure whether anything had been checked at all.
 */
export function alreadyAt(target: string, at: readonly string[]): string {
  if (at.length === 0)
    return target === "base" ? "Already at base" : `Already at ${target} (<base>: no revision applied)`;
  return `Already at ${target} (${at.join(", ")})`;
}
