/**
 * The name a misspelled one was probably meant to be, for "did you mean ...?" in the config's errors.
 *
 * Names are compared without case, `_` or `-`, so `versiontable` and `version_table` (Alembic's
 * spelling) both find `versionTable`; the distance counts an insertion, a deletion, a substitution or a
 * swap of two neighbours as one edit. A name more than half its own length away from every candidate
 * gets no suggestion: `foo` is not a misspelling of `url`.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const typed = normalised(name);
  const limit = Math.max(1, Math.floor(typed.length / 2));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, normalised(candidate));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function normalised(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, "");
}

/** Optimal string alignment distance: Levenshtein's, plus a swap of two adjacent characters as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!;
      const above = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
      }
    }
  }
  return rows[a.length]![b.length]!;
}
