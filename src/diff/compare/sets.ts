/**
 * The three set operations every comparison is made of: what only `to` has, what only `from` has,
 * and what both have. Items are visited in the order of the inputs (the IR's own order: sorted names,
 * or column position), so the output is deterministic and added columns keep the entity's order.
 */
export function compareSets<T>(
  from: readonly T[],
  to: readonly T[],
  key: (item: T) => string,
  visit: { added(item: T): void; removed(item: T): void; both(before: T, after: T): void },
): void {
  if (inStep(from, to, key)) {
    for (let i = 0; i < to.length; i++) visit.both(from[i]!, to[i]!);
    return;
  }
  const before = new Map(from.map((item) => [key(item), item]));
  const after = new Map(to.map((item) => [key(item), item]));
  for (const k of after.keys()) {
    const item = after.get(k)!;
    const old = before.get(k);
    if (old === undefined) visit.added(item);
    else visit.both(old, item);
  }
  for (const k of before.keys()) if (!after.has(k)) visit.removed(before.get(k)!);
}

/**
 * The common case, two sides with the same items in the same order: the visits are then `both` for each
 * pair in turn, as the maps below would give them, without building the maps (a thousand tables have six
 * sets each).
 */
function inStep<T>(from: readonly T[], to: readonly T[], key: (item: T) => string): boolean {
  if (from.length !== to.length) return false;
  // Keys in ascending order (names sorted, as most of the IR's lists are) are distinct without a set.
  let ascending = true;
  const keys: string[] = new Array(to.length);
  for (let i = 0; i < to.length; i++) {
    const k = key(to[i]!);
    if (k !== key(from[i]!)) return false;
    if (i > 0 && !(keys[i - 1]! < k)) ascending = false;
    keys[i] = k;
  }
  return ascending || new Set(keys).size === keys.length;
}
