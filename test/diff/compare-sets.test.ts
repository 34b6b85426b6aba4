/**
 * compareSets (src/diff/compare/sets.ts) skips building its maps when both sides hold the same keys in
 * the same order; the visits must be the ones the maps give, in the same order, whatever the input.
 */
import { expect, test } from "vitest";
import { compareSets } from "../../src/diff/compare/sets.js";

/** The visits by maps alone: what compareSets did before it had the shortcut. */
function byMaps(from: readonly string[], to: readonly string[]): string[] {
  const visits: string[] = [];
  const before = new Map(from.map((item) => [item[0]!, item]));
  const after = new Map(to.map((item) => [item[0]!, item]));
  for (const [k, item] of after) {
    const old = before.get(k);
    visits.push(old === undefined ? `added ${item}` : `both ${old} ${item}`);
  }
  for (const [k, item] of before) if (!after.has(k)) visits.push(`removed ${item}`);
  return visits;
}

test.each([
  ["in step", ["a1", "b1", "c1"], ["a2", "b2", "c2"]],
  ["empty", [], []],
  ["another order", ["a1", "b1", "c1"], ["b2", "a2", "c2"]],
  ["one added", ["a1", "b1"], ["a2", "b2", "c2"]],
  ["one removed", ["a1", "b1", "c1"], ["a2", "c2"]],
  ["one replaced", ["a1", "b1"], ["a2", "c2"]],
  ["a key twice on both sides, in step", ["a1", "a2", "b1"], ["a3", "a4", "b2"]],
])("%s: the visits the maps give", (_name, from, to) => {
  const visits: string[] = [];
  compareSets(from, to, (item) => item[0]!, {
    added: (item) => visits.push(`added ${item}`),
    removed: (item) => visits.push(`removed ${item}`),
    both: (old, item) => visits.push(`both ${old} ${item}`),
  });
  expect(visits).toEqual(byMaps(from, to));
});
