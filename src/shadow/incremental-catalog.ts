/**
 * Catalog readings for a round trip, each deparsing only what may have changed since the last: a
 * fingerprint reading (./catalog-fingerprint.ts) says which relations' rows may differ (or, read in the
 * step's own transaction before it commits, the relations that transaction locked do), the full
 * reading (./catalog-state.ts) runs for those alone, and the other relations' rows are the ones kept
 * from before. Each reading equals a full one: a relation's rows are reused only while its own catalog
 * rows, those of every relation its text names, and everything global are unchanged.
 *
 * Over 50 revisions of a 100-table application, a step changes one or two relations, and the round
 * trip reads the catalog 100 times: full readings would deparse every relation each time, and a
 * fingerprint of every relation, though it deparses nothing, was still most of such a reading's time
 * on the embedded database (13 of 18 ms with 100 tables); the locks are one small statement. What
 * names a locked relation is read with it only after a rename (`mayRenameForOthers`): a step adding a
 * column to a table that three others reference deparses one table, not four.
 */
import type pg from "pg";
import {
  type CatalogFingerprint,
  type CatalogFingerprintReader,
  catalogFingerprintReader,
  readReferences,
  selectNamingRelations,
  type TransactionChanges,
  type VirtualTransaction,
} from "./catalog-fingerprint.js";
import {
  type CatalogRow,
  type CatalogState,
  catalogStateOf,
  mergedCatalogState,
  readCatalogRows,
  selectRelations,
  updatedCatalogState,
} from "./catalog-state.js";

interface Kept {
  /**
   * The relation's own fingerprint when `state` was read; undefined when it was read by a
   * transaction's locks, and the next reading by fingerprint reads it again.
   */
  readonly own: string | undefined;
  /** The relations its text names, each with its fingerprint when `state` was read. */
  readonly references: ReadonlyMap<number, string | undefined>;
  /** Its part of the state (one owner), built once. */
  readonly state: CatalogState;
}

export interface IncrementalCatalogReader {
  /** At any time: a fingerprint of every relation says which changed since the last reading. */
  read(): Promise<CatalogState>;
  /**
   * In the transaction that made the changes since the last reading, before it commits: the relations
   * it locked are the ones that may have changed (./catalog-fingerprint.ts), and no fingerprint of every
   * relation is needed. The last reading must be of the session's transaction before (the previous
   * step's) or of this one; else (the step committed part-way, or the session ran something between)
   * it falls back to `read()`, as it does when something outside the relations changed.
   */
  readInTransaction(): Promise<CatalogState>;
  /**
   * When nothing has written to the database since the last reading (a reading outside a transaction,
   * or after the commit of the transaction it was taken in): notes the next transaction id, so that the
   * next reading in a transaction goes by its locks even where the session ran other transactions in
   * between, provided none of them wrote anything
   * (./catalog-fingerprint.ts, `nextTransactionId`). A reading in a transaction that had written
   * before it notes the same by itself: the next id is the one after its own.
   */
  settled(): Promise<void>;
}

/** A reader for one database session; each reading is what `readCatalogState` would return. */
export function incrementalCatalogReader(
  client: pg.ClientBase,
  excludeTables: readonly string[],
): IncrementalCatalogReader {
  let fingerprintReader: Promise<CatalogFingerprintReader> | undefined;
  const fingerprints = () => {
    fingerprintReader ??= catalogFingerprintReader(client, excludeTables);
    return fingerprintReader;
  };
  let global: string | undefined;
  /** The transaction the last reading was taken in. */
  let lastTransaction: VirtualTransaction | undefined;
  /**
   * The id the next transaction to write will get if nothing has written since the last reading, where
   * it is known (`settled`, or the id after the one the reading's transaction had).
   */
  let nextAfterLast: bigint | undefined;
  /** Schemas, extensions and enums: read again whenever `global` changes. */
  let unowned: CatalogState = catalogStateOf([]);
  let kept = new Map<number, Kept>();
  /** The state the last reading returned, and the parts replaced since (a new state is that, updated). */
  let last: CatalogState | undefined;
  let removed: CatalogState[] = [];
  let added: CatalogState[] = [];

  const keep = (relid: number, relation: Kept) => {
    const before = kept.get(relid)?.state;
    kept.set(relid, relation);
    if (before === relation.state) return;
    if (before) removed.push(before);
    added.push(relation.state);
  };
  const forget = (relid: number) => {
    const before = kept.get(relid)?.state;
    kept.delete(relid);
    if (before) removed.push(before);
  };
  const forgetAll = () => {
    kept = new Map();
    last = undefined;
  };

  /**
   * Reads `relations` (oids) again, and the unowned rows too when `withUnowned`; with their
   * references, unless `chosen` (read by a transaction's locks: the statement that found them chose them
   * for this reading already, and what names them is found from the locks again next time). Returns
   * the state each had before, for those it had one.
   */
  async function reread(
    relations: readonly number[],
    withUnowned: boolean,
    chosen = false,
    read?: readonly CatalogRow[],
  ): Promise<Map<number, CatalogState>> {
    if (!chosen) await selectRelations(client, relations, withUnowned);
    const rows = read ?? (await readCatalogRows(client, excludeTables));
    const references = chosen ? new Map<number, number[]>() : await readReferences(client, relations);
    const before = new Map<number, CatalogState>();
    for (const relid of relations) {
      const state = kept.get(relid)?.state;
      if (state) before.set(relid, state);
    }
    const fresh = new Map<number, CatalogRow[]>(relations.map((relid) => [relid, []]));
    const readUnowned: CatalogRow[] = [];
    for (const row of rows) {
      if (row.relid === null) readUnowned.push(row);
      else fresh.get(row.relid)?.push(row);
    }
    if (withUnowned) {
      removed.push(unowned);
      unowned = catalogStateOf(readUnowned);
      added.push(unowned);
    }
    for (const [relid, relationRows] of fresh) {
      // Every relation the reading covers has a row of its own: none means it is gone (or not covered).
      if (relationRows.length === 0) {
        forget(relid);
        continue;
      }
      const named = references.get(relid) ?? [];
      keep(relid, {
        own: undefined,
        references: new Map(named.map((ref) => [ref, undefined])),
        state: catalogStateOf(relationRows),
      });
    }
    return before;
  }

  function state(): CatalogState {
    // The last state with the replaced parts swapped: a step changes a relation or two of hundreds.
    last =
      last === undefined
        ? mergedCatalogState([unowned, ...[...kept.values()].map((relation) => relation.state)])
        : updatedCatalogState(last, removed, added);
    removed = [];
    added = [];
    return last;
  }

  async function read(): Promise<CatalogState> {
    const reader = await fingerprints();
    const fingerprint =
      (global === undefined ? await reader.fingerprintIfEmpty() : undefined) ?? (await reader.fingerprint());
    lastTransaction = fingerprint.transaction;
    nextAfterLast = undefined;
    const globalChanged = fingerprint.global !== global;
    if (globalChanged) forgetAll();
    global = fingerprint.global;

    const dirty = [...fingerprint.relations.keys()].filter(
      (relid) => !isCurrent(kept.get(relid), relid, fingerprint),
    );
    // Relations gone since are forgotten.
    for (const relid of [...kept.keys()]) if (!fingerprint.relations.has(relid)) forget(relid);
    if (globalChanged || dirty.length > 0) {
      // Every relation is dirty after a global change (nothing is kept), and the schemas,
      // extensions and enums, which the global fingerprint covers, are read again.
      await reread(dirty, globalChanged);
      for (const relid of dirty) {
        const relation = kept.get(relid);
        if (relation === undefined) continue;
        keep(relid, {
          own: fingerprint.relations.get(relid),
          references: new Map(
            [...relation.references.keys()].map((ref) => [ref, fingerprint.relations.get(ref)]),
          ),
          state: relation.state,
        });
      }
    }
    return state();
  }

  return {
    read,
    async readInTransaction() {
      if (lastTransaction === undefined) return read();
      const changes = await (await fingerprints()).transactionChanges();
      const nothingBetween =
        followsOn(lastTransaction, changes.transaction) || onlyReadsSince(nextAfterLast, changes.ids);
      if (!nothingBetween || global === undefined) return read();
      const now = changes.globalAfter(global);
      // A change outside the relations may change any relation's text: every relation is read again,
      // by a fingerprint, unless the transaction locked every one kept (a first migration that creates
      // the types and the tables, a last downgrade that drops them), and is read again anyway.
      const locked = new Set(changes.locked);
      const everyRelationLocked = [...kept.keys()].every((relid) => locked.has(relid));
      if (now !== global && !everyRelationLocked) return read();
      lastTransaction = changes.transaction;
      nextAfterLast = changes.ids?.own ? BigInt(changes.ids.own) + 1n : undefined;
      if (now !== global) {
        global = now;
        // With the schemas, extensions and enums, which `global` covers.
        await selectRelations(client, changes.locked, true);
        await reread(changes.locked, true, true);
      } else if (changes.locked.length > 0) {
        // The locked relations' rows came with the changes, in the same statement, unless `global` was counted.
        const before = await reread(changes.locked, false, true, changes.rows);
        // What names a locked relation changed too only where a locked one was renamed: read then.
        const renamed = [...before].some(([relid, was]) => mayRenameForOthers(was, kept.get(relid)?.state));
        if (renamed) {
          const naming = await selectNamingRelations(client);
          if (naming.length > 0) await reread(naming, false, true);
        }
      }
      return state();
    },
    async settled() {
      const next = await (await fingerprints()).nextTransactionId();
      nextAfterLast = next === undefined ? undefined : BigInt(next);
    },
  };
}

/**
 * No transaction wrote anything since `next` was the next transaction id, up to the one `ids` were read
 * in: the first id given since went to the latter, or none was given (./catalog-fingerprint.ts).
 */
function onlyReadsSince(next: bigint | undefined, ids: TransactionChanges["ids"]): boolean {
  if (next === undefined || ids === undefined) return false;
  return ids.own === null ? BigInt(ids.next) === next : BigInt(ids.own) === next;
}

/**
 * `current` is the transaction `last` was read in or the session's next one: no other transaction of
 * the session (a part of the step committed on its own) ran in between.
 */
function followsOn(last: VirtualTransaction, current: VirtualTransaction): boolean {
  return (
    current.backend === last.backend && (current.local === last.local || current.local === last.local + 1n)
  );
}

/** Rows kept for a relation still hold when neither its own catalog rows nor those of what it names changed. */
function isCurrent(relation: Kept | undefined, relid: number, fingerprint: CatalogFingerprint): boolean {
  if (relation?.own === undefined || relation.own !== fingerprint.relations.get(relid)) return false;
  for (const [ref, own] of relation.references) if (fingerprint.relations.get(ref) !== own) return false;
  return true;
}

/**
 * Whether a relation's change, from `before` to `after`, may have changed the text of another relation
 * that names it (an FK's referenced table and columns, a view's, a default's sequence, a column of its
 * row type) without locking that one: a rename or a move, of the relation or of one of its parts.
 * Another change of what a text names either leaves the text as it was (a column added, a type or a
 * default changed) or changes the namer itself (a referenced column dropped drops the FK or view, a
 * referenced column's new type rebuilds the FK), and the namer is then locked. A part renamed shows as
 * one part gone and another come; so does dropping one part and adding another, which is then read
 * as if it were a rename. A view's columns are not in the reading, so a view is always taken as
 * renamed. A relation new or gone: nothing named it before, or what did was dropped with it.
 */
function mayRenameForOthers(before: CatalogState, after: CatalogState | undefined): boolean {
  if (after === undefined) return false;
  for (const [owner, items] of before.rows) {
    if (owner.startsWith("view ")) return true;
    const now = after.rows.get(owner);
    if (now === undefined) return true;
    const gone = [...items.keys()].some((item) => !now.has(item));
    const come = [...now.keys()].some((item) => !items.has(item));
    if (gone && come) return true;
  }
  return false;
}
