/**
 * Catalog readings for a round trip, each deparsing only what may have changed since the last: a
 * fingerprint reading (./catalog-fingerprint.ts) says which relations' rows may differ, the full
 * reading (./catalog-state.ts) runs for those alone, and the other relations' rows are the ones kept
 * from before. Each reading equals a full one: a relation's rows are reused only while its own catalog
 * rows, those of every relation its text names, and everything global are unchanged.
 *
 * Over 50 revisions of a 100-table application, a step changes one or two relations, and the round
 * trip reads the catalog 100 times: full readings would deparse every relation each time.
 */
import type pg from "pg";
import { type CatalogFingerprint, catalogFingerprintReader, readReferences } from "./catalog-fingerprint.js";
import {
  type CatalogRow,
  type CatalogState,
  catalogStateOf,
  mergedCatalogState,
  readCatalogRows,
  selectRelations,
} from "./catalog-state.js";

interface Kept {
  /** The relation's own fingerprint when `state` was read. */
  readonly own: string;
  /** The relations its text names, each with its fingerprint when `state` was read. */
  readonly references: ReadonlyMap<number, string | undefined>;
  /** Its part of the state (one owner), built once. */
  readonly state: CatalogState;
}

/** A reader for one database session; `read()` is what `readCatalogState` would return. */
export function incrementalCatalogReader(
  client: pg.ClientBase,
  excludeTables: readonly string[],
): { read(): Promise<CatalogState> } {
  let fingerprintReader: Promise<() => Promise<CatalogFingerprint>> | undefined;
  let global: string | undefined;
  /** Schemas, extensions and enums: read again whenever `global` changes. */
  let unowned: CatalogState = catalogStateOf([]);
  let kept = new Map<number, Kept>();

  return {
    async read() {
      fingerprintReader ??= catalogFingerprintReader(client, excludeTables);
      const fingerprint = await (await fingerprintReader)();
      const globalChanged = fingerprint.global !== global;
      if (globalChanged) kept = new Map();
      global = fingerprint.global;

      const dirty = [...fingerprint.relations.keys()].filter(
        (relid) => !isCurrent(kept.get(relid), relid, fingerprint),
      );
      if (globalChanged || dirty.length > 0) {
        // Every relation is dirty after a global change (nothing is kept), and the schemas,
        // extensions and enums, which the global fingerprint covers, are read again.
        await selectRelations(client, dirty, globalChanged);
        const rows = await readCatalogRows(client, excludeTables);
        const references = await readReferences(client, dirty);
        const fresh = new Map<number, CatalogRow[]>(dirty.map((relid) => [relid, []]));
        const readUnowned: CatalogRow[] = [];
        for (const row of rows) {
          if (row.relid === null) readUnowned.push(row);
          else fresh.get(row.relid)?.push(row);
        }
        if (globalChanged) unowned = catalogStateOf(readUnowned);
        for (const [relid, relationRows] of fresh) {
          const named = references.get(relid) ?? [];
          kept.set(relid, {
            own: fingerprint.relations.get(relid)!,
            references: new Map(named.map((ref) => [ref, fingerprint.relations.get(ref)])),
            state: catalogStateOf(relationRows),
          });
        }
      }
      // Relations gone since are forgotten.
      const next = new Map<number, Kept>();
      const parts: CatalogState[] = [unowned];
      for (const relid of fingerprint.relations.keys()) {
        const relation = kept.get(relid);
        if (relation === undefined) continue;
        next.set(relid, relation);
        parts.push(relation.state);
      }
      kept = next;
      return mergedCatalogState(parts);
    },
  };
}

/** Rows kept for a relation still hold when neither its own catalog rows nor those of what it names changed. */
function isCurrent(relation: Kept | undefined, relid: number, fingerprint: CatalogFingerprint): boolean {
  if (relation === undefined || relation.own !== fingerprint.relations.get(relid)) return false;
  for (const [ref, own] of relation.references) if (fingerprint.relations.get(ref) !== own) return false;
  return true;
}
