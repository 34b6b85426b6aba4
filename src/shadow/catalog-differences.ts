/**
 * What differs between two catalog states (./catalog-state.ts), one line per difference, in the
 * words ./schema-differences.ts uses for IR snapshots:
 *
 *   table public.user: column avatar added
 *   table public.user: column name: type: "character varying(50)" → "character varying(255)"
 *   enum public.mood removed
 *
 * Column order is not a difference here (./column-order.ts reports it as a note).
 */
import type { CatalogRows } from "./catalog-state.js";

/** At most this many lines: past the first few, more lines only hide the first cause. */
const MAX_LINES = 20;

export function catalogDifferences(before: CatalogRows, after: CatalogRows): string[] {
  const lines: string[] = [];
  for (const [owner, was] of before) {
    const now = after.get(owner);
    // An incremental reading (./incremental-catalog.ts) hands on what it did not read again as is.
    if (was === now) continue;
    if (!now) lines.push(`${owner} removed`);
    // Read again but the same (after a reading that read every relation): told apart at once.
    else if (signatureOf(was) === signatureOf(now)) continue;
    else itemDifferences(owner, was, now, lines);
  }
  for (const owner of after.keys()) if (!before.has(owner)) lines.push(`${owner} added`);
  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`]
    : lines;
}

type Items = CatalogRows extends ReadonlyMap<string, infer I> ? I : never;

function itemDifferences(owner: string, was: Items, now: Items, lines: string[]): void {
  for (const item of union(was.keys(), now.keys())) {
    const where = item === "" ? owner : `${owner}: ${item}`;
    const fieldsWere = was.get(item);
    const fieldsNow = now.get(item);
    if (!fieldsNow) lines.push(`${where} removed`);
    else if (!fieldsWere) lines.push(`${where} added`);
    else {
      for (const field of union(fieldsWere.keys(), fieldsNow.keys())) {
        const a = fieldsWere.get(field);
        const b = fieldsNow.get(field);
        if (a !== b) lines.push(`${where}: ${field}: ${show(a)} → ${show(b)}`);
      }
    }
  }
}

/** An owner's items as one string, made once per items object: a round trip compares each many times. */
const signatures = new WeakMap<Items, string>();

function signatureOf(items: Items): string {
  let signature = signatures.get(items);
  if (signature === undefined) {
    signature = JSON.stringify([...items].map(([item, fields]) => [item, [...fields]]));
    signatures.set(items, signature);
  }
  return signature;
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])];
}

function show(value: string | undefined): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}
