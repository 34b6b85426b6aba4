/**
 * A cheap reading that says which relations' catalog rows (./catalog-state.ts) may have changed since
 * an earlier one, so that a round trip deparses only those (./incremental-catalog.ts). The deparsing
 * functions (`pg_get_viewdef`, `pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_expr`, `format_type`)
 * are most of a full reading's cost; this statement calls none of them.
 *
 * Every change to a catalog row is a new tuple version: inserted by a later transaction (a larger xmin)
 * or by a later command of the same one (a larger cmin), and a deletion lowers the count. So for each
 * relation, over every catalog row its deparsed text is made from, `count(*)` and the largest
 * (xmin, cmin) change whenever one of those rows did. xmin is read as its distance from a reference xid
 * fixed at the first reading (`age(ref) - age(xmin)`, exact while both are within 2^31 of the current
 * xid), so that the order holds across an xid wraparound. (PostgreSQL updates a few pg_class fields in
 * place, without a new version: relpages, reltuples, relhasindex and the like, none of which is
 * deparsed.)
 *
 * A relation's rows: its pg_class row; its columns (pg_attribute, attnum > 0), defaults (pg_attrdef),
 * constraints, indexes (pg_index and the indexes' pg_class rows), comments on it, its columns and its
 * indexes (pg_description), its pg_sequence row, its view rule (pg_rewrite), and the pg_depend rows
 * with it as the dependent object (a sequence's OWNED BY). Its text also names other relations: an
 * FK's referenced table and columns, a view's tables and columns, a default's sequence, a column whose
 * type is a table's row type. Those are its references (`readReferences`, from the pg_depend rows of
 * the relation and its parts: they change only with its own rows, so they are read with its text), and
 * a relation is also dirty when one of them changed.
 *
 * The rest goes into one `global` fingerprint, and any change there makes every relation dirty:
 * - the rows of what a text names but no relation owns: schemas (all of them: `public` is renamable
 *   and not user-created), and the user-created (oid >= 16384) types, enum labels (a default's enum
 *   constant prints its label), functions, operators, operator classes, collations, extensions, text
 *   search configurations, composite types. A table's own row type and its array type are left out:
 *   they change with the table, whose own rows say so, and every CREATE TABLE would otherwise make
 *   everything dirty.
 * - the search path, and which names exist in more than one schema on it: the deparsers qualify a
 *   name with its schema when the name alone would find another object first, so creating a table can
 *   change how another relation's text spells a same-named table or type in a later schema.
 *
 * Within a migration step's transaction there is a cheaper way (`transactionChanges`): PostgreSQL
 * locks every relation whose catalog rows a statement changes (a relation's metadata is only changed
 * under a lock on it, so that other sessions never see it half-changed), and holds those locks until
 * the transaction ends; the relations the transaction has locked (pg_locks) are a superset of those it
 * changed. What is not a relation (the `global` part) is fingerprinted as above. That holds only for
 * changes made by that transaction: each reading also returns its transaction's virtual id, whose
 * second part the session counts up by one per transaction it starts (autocommitted statements
 * included), so its caller can tell that no other transaction of the session ran since the last
 * reading; a step that committed part-way (its own COMMIT, CREATE INDEX CONCURRENTLY) did, and is read
 * by fingerprint instead. (Other sessions do not change a shadow database.)
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import { quoteLiteral } from "../sql/quote.js";
import { isCoveredRelation, isUserSchema } from "./catalog-scope.js";
import { type CatalogRow, catalogRowsCtes, catalogRowsSelect, SELECTED_RELATIONS } from "./catalog-state.js";

export interface CatalogFingerprint {
  /** Everything outside the relations; when it changes, every relation is dirty. */
  readonly global: string;
  /** `count:newest` over each relation's own catalog rows, by relation oid. */
  readonly relations: ReadonlyMap<number, string>;
  /** The virtual id of the transaction it was read in (see above). */
  readonly transaction: VirtualTransaction;
}

/** A virtual transaction id, `3/45`: the session's backend, and its count of transactions. */
export interface VirtualTransaction {
  readonly backend: string;
  readonly local: bigint;
}

/** What a transaction may have changed, read in it (see above). */
export interface TransactionChanges {
  /**
   * As `CatalogFingerprint.global`, comparable with it, given `previous`, the last reading's: where the
   * transaction changed none of the rows `global` counts, their part is the last reading's.
   */
  globalAfter(previous: string): string;
  readonly transaction: VirtualTransaction;
  /**
   * The relations (oids) it locked, an index given as its table; some may no longer exist. Chosen for
   * the next reading (`selectRelations`) already.
   */
  readonly locked: readonly number[];
  /**
   * The locked relations' rows (./catalog-state.ts), as `readCatalogRows` would read them now; not
   * read (undefined) where `global` was counted again (it has most likely changed).
   */
  readonly rows: readonly CatalogRow[] | undefined;
  /**
   * The transaction's own id, if it has written anything (null if not), and the id the next
   * transaction to write will get (PostgreSQL 13+; undefined before): see `nextTransactionId`.
   */
  readonly ids: { readonly own: string | null; readonly next: string } | undefined;
}

export interface CatalogFingerprintReader {
  fingerprint(): Promise<CatalogFingerprint>;
  /**
   * The same, where the database holds no relation a reading covers (a shadow before its first
   * migration), from a statement a fraction of the size; undefined where it holds one.
   */
  fingerprintIfEmpty(): Promise<CatalogFingerprint | undefined>;
  /** In a transaction: its id and the relations it locked (see above). */
  transactionChanges(): Promise<TransactionChanges>;
  /**
   * The transaction id the next transaction to write anything will get (PostgreSQL 13+; undefined
   * before). Nothing changes a catalog row without a transaction id, and ids are given in order, so a
   * transaction whose own id (`TransactionChanges.ids`) is the one read here, or that has none while
   * the next is still it, found the database as this session left it when this was read: whatever
   * the session ran in between only read. (A transaction of another session that had its id before
   * could still write; as above, no other session changes a shadow database. The ids are the whole
   * server's: on a server others' transactions take ids too, and the reading falls back.)
   */
  nextTransactionId(): Promise<string | undefined>;
}

interface Row {
  relid: number | null;
  count: string;
  newest: string | null;
  names: string | null;
  vxid: string | null;
}

// Positions: (age(ref) - age(xmin)) * 2^32 + cmin, a bigint. A frozen or bootstrap xmin (not a normal
// xid: age() answers int max) has no position; such rows can only be deleted, which the count sees.
const position = (alias: string) => `
  CASE WHEN age(${alias}.xmin) < 2147483647
       THEN (age(r.ref)::bigint - age(${alias}.xmin)) * 4294967296 + ${alias}.cmin::text::bigint END`;

// Every covered relation is user-created, so its oid, and its indexes', is at least 16384
// (FirstNormalObjectId): the `>= 16384` conditions below change no join's result, but let the planner
// read each catalog by an index range over the user's objects instead of whole (a fifth of this
// statement's time on the embedded database with a hundred tables).
// The reference and the excluded tables are literals: a prepared statement without parameters is
// planned once (the plan is a third of this statement's cost on the embedded database).
// Everything but the relations: the `global` fingerprint's rows (see above), as CTEs and the columns
// that sum them up, the same in both statements so that their `global` values compare.
const GLOBAL_CTES = `shared AS (
  SELECT xmin, cmin FROM pg_namespace
  -- User types but row types (a table's changes with the table; a composite type's with its pg_class
  -- row, next) and arrays (an array type changes only with its element type, which is counted: ALTER
  -- refuses an array type). An array is told as PostgreSQL before 14 told one: a varlena base type with
  -- an element type. (A user-defined varlena base type with ELEMENT, which needs C functions, would be
  -- left out too.) No join: one index range over the user's types.
  UNION ALL SELECT xmin, cmin FROM pg_type
             WHERE oid >= 16384 AND typtype <> 'c' AND NOT (typtype = 'b' AND typlen = -1 AND typelem <> 0)
  UNION ALL SELECT xmin, cmin FROM pg_class WHERE oid >= 16384 AND relkind = 'c'
  UNION ALL SELECT xmin, cmin FROM pg_enum WHERE oid >= 16384
  UNION ALL SELECT xmin, cmin FROM pg_proc WHERE oid >= 16384
  UNION ALL SELECT xmin, cmin FROM pg_operator WHERE oid >= 16384
  UNION ALL SELECT xmin, cmin FROM pg_opclass WHERE oid >= 16384
  UNION ALL SELECT xmin, cmin FROM pg_collation WHERE oid >= 16384
  UNION ALL SELECT xmin, cmin FROM pg_extension
  UNION ALL SELECT xmin, cmin FROM pg_ts_config WHERE oid >= 16384
), path AS (
  SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY(current_schemas(true))
), shadowed AS (
  SELECT 'relation ' || relname AS name FROM pg_class WHERE relnamespace IN (SELECT oid FROM path)
   GROUP BY relname HAVING count(*) > 1
  UNION ALL
  SELECT 'type ' || typname FROM pg_type WHERE typnamespace IN (SELECT oid FROM path)
   GROUP BY typname HAVING count(*) > 1
)`;

const GLOBAL_COLUMNS = globalColumns("true");

/** The columns of `global`, its count and newest null where `counted` (SQL) does not hold. */
function globalColumns(counted: string): string {
  return `CASE WHEN ${counted} THEN (SELECT count(*) FROM shared) END AS count,
       CASE WHEN ${counted} THEN (SELECT max(${position("s")}) FROM shared s) END AS newest,
       current_setting('search_path')
         -- Only objects in two schemas on the path, neither pg_catalog, can come to hide one another
         -- (pg_catalog's objects never change): with pg_catalog first and one schema besides, none can.
         || ' ' || CASE WHEN (current_schemas(true))[1] = 'pg_catalog' AND cardinality(current_schemas(true)) <= 2
                        THEN '' ELSE COALESCE((SELECT string_agg(name, ',' ORDER BY name) FROM shadowed), '') END AS names`;
}

// Every transaction holds a lock on its own virtual id.
const VIRTUAL_TRANSACTION = `(SELECT virtualxid FROM pg_locks
   WHERE locktype = 'virtualxid' AND pid = pg_backend_pid() AND granted LIMIT 1)`;

/** What the statements may use: per-transaction statistics (15+), transaction ids as xid8 (13+). */
interface ServerFeatures {
  readonly statistics: boolean;
  readonly ids: boolean;
}

// The id the next transaction to write will get (PostgreSQL 13+).
const NEXT_ID = "pg_snapshot_xmax(pg_current_snapshot())::text";

/** True, and with statistics, the session's statistics flushed once its transaction has ended (see below). */
const flushAfter = (statistics: boolean) =>
  statistics ? "pg_stat_force_next_flush()::text IS NOT NULL" : "true";

const fingerprintSql = (reference: string, excludeTables: readonly string[], statistics: boolean) => `
WITH r AS (SELECT ${quoteLiteral(reference)}::xid AS ref
), rel AS (
  SELECT c.oid, c.xmin, c.cmin FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${isUserSchema("n.nspname")} AND ${isCoveredRelation("c.relkind", "n.nspname", "c.relname", excludeTables)}
), idx AS (
  SELECT i.indrelid AS rel, i.indexrelid AS oid, i.xmin, i.cmin FROM pg_index i JOIN rel ON rel.oid = i.indrelid
), versions AS (
  SELECT oid AS rel, xmin, cmin FROM rel
  UNION ALL SELECT rel, xmin, cmin FROM idx
  UNION ALL SELECT idx.rel, ic.xmin, ic.cmin FROM idx JOIN pg_class ic ON ic.oid = idx.oid WHERE ic.oid >= 16384
  UNION ALL SELECT a.attrelid, a.xmin, a.cmin FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid WHERE a.attrelid >= 16384 AND a.attnum > 0
  UNION ALL SELECT d.adrelid, d.xmin, d.cmin FROM pg_attrdef d JOIN rel ON rel.oid = d.adrelid WHERE d.adrelid >= 16384
  UNION ALL SELECT con.conrelid, con.xmin, con.cmin FROM pg_constraint con JOIN rel ON rel.oid = con.conrelid WHERE con.conrelid >= 16384
  UNION ALL SELECT s.seqrelid, s.xmin, s.cmin FROM pg_sequence s JOIN rel ON rel.oid = s.seqrelid
  UNION ALL SELECT rw.ev_class, rw.xmin, rw.cmin FROM pg_rewrite rw JOIN rel ON rel.oid = rw.ev_class
  UNION ALL SELECT ds.objoid, ds.xmin, ds.cmin FROM pg_description ds JOIN rel ON rel.oid = ds.objoid
             WHERE ds.objoid >= 16384 AND ds.classoid = 'pg_class'::regclass
  UNION ALL SELECT idx.rel, ds.xmin, ds.cmin FROM pg_description ds JOIN idx ON idx.oid = ds.objoid
             WHERE ds.objoid >= 16384 AND ds.classoid = 'pg_class'::regclass
  UNION ALL SELECT dp.objid, dp.xmin, dp.cmin FROM pg_depend dp JOIN rel ON rel.oid = dp.objid
             WHERE dp.classid = 'pg_class'::regclass AND dp.objid >= 16384
), ${GLOBAL_CTES}
SELECT NULL::oid AS relid, ${GLOBAL_COLUMNS},
       CASE WHEN ${flushAfter(statistics)} THEN ${VIRTUAL_TRANSACTION} END AS vxid
  FROM r
UNION ALL
SELECT v.rel, count(*), max(${position("v")}), NULL, NULL FROM versions v, r GROUP BY v.rel`;

// `global`, and whether there is any relation to fingerprint: a first reading's, of a database that is
// most likely empty (a shadow's), without planning the statement above.
const globalIfEmptySql = (reference: string, excludeTables: readonly string[], statistics: boolean) => `
WITH r AS (SELECT ${quoteLiteral(reference)}::xid AS ref
), ${GLOBAL_CTES}
SELECT ${GLOBAL_COLUMNS}, CASE WHEN ${flushAfter(statistics)} THEN ${VIRTUAL_TRANSACTION} END AS vxid,
       NOT EXISTS (
         SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid >= 16384 AND ${isUserSchema("n.nspname")}
            AND ${isCoveredRelation("c.relkind", "n.nspname", "c.relname", excludeTables)}
       ) AS empty
  FROM r`;

// The catalogs of what `global` covers (see above; a composite type's pg_class row is seen by its
// lock, below). A transaction that changed none of their rows left `global`'s count and newest as they
// were.
const GLOBAL_CATALOGS = [
  "pg_namespace",
  "pg_type",
  "pg_enum",
  "pg_proc",
  "pg_operator",
  "pg_opclass",
  "pg_collation",
  "pg_extension",
  "pg_ts_config",
];

// Whether the transaction may have changed a row of GLOBAL_CATALOGS, from the statistics the session
// counts for each table (pg_stat_get_xact_*: every row inserted, updated or deleted, rolled back or
// not, since the session's statistics were last flushed). Reading it is a few lookups where counting
// and ordering those catalogs' rows (the count and newest above) was most of this statement's cost on
// the embedded database: 0.7 of 1.1 ms a step with a hundred tables. The counts start at the session's
// last flush, which each reading forces for the end of its transaction (pg_stat_force_next_flush,
// PostgreSQL 15+), so they count what happened since the last reading: more is only a needless count
// of the rows, never a change missed. Without statistics (track_counts off), every transaction may have.
// A composite type is a pg_type row (counted) and a pg_class row: an ALTER TYPE of its attributes
// changes only the latter, under a lock on it, so a locked composite type counts too.
const mayHaveChangedGlobal = (lockedOids: string) => `
  NOT current_setting('track_counts')::boolean
  OR ${GLOBAL_CATALOGS.map(
    (name) =>
      `pg_stat_get_xact_tuples_inserted('${name}'::regclass) + pg_stat_get_xact_tuples_updated('${name}'::regclass)
       + pg_stat_get_xact_tuples_deleted('${name}'::regclass)`,
  ).join(" + ")} > 0
  OR EXISTS (SELECT FROM pg_class WHERE oid = ANY(${lockedOids}) AND relkind = 'c')`;

// What a step changed, read in its transaction: the relations it has locked (by any statement, in any
// mode), each index as its table (oid >= 16384 leaves out PostgreSQL's own relations, which migrations
// lock too), and their rows (./catalog-state.ts), in one statement: a first row with the rest (the
// transaction, what was locked, `global`) and no owner, then the rows. `global`'s count and newest are
// null where the transaction changed none of their rows (above). The locked relations are also chosen
// for the readings after (./catalog-state.ts, \`selectRelations\`): what names them, after a rename.
const transactionChangesSql = (
  reference: string,
  excludeTables: readonly string[],
  { statistics, ids }: ServerFeatures,
) => `
WITH r AS (SELECT ${quoteLiteral(reference)}::xid AS ref
), ${GLOBAL_CTES}, own_locks AS (
  -- Read once: the lock table is copied whole at each reading of pg_locks.
  SELECT locktype, relation, database, virtualxid, granted FROM pg_locks WHERE pid = pg_backend_pid()
), locked AS (
  SELECT COALESCE(array_agg(DISTINCT COALESCE(i.indrelid, l.relation)), '{}') AS oids
    FROM own_locks l LEFT JOIN pg_index i ON i.indexrelid = l.relation
   WHERE l.locktype = 'relation' AND l.relation >= 16384
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
), touched AS (
  SELECT ${statistics ? mayHaveChangedGlobal("(SELECT oids FROM locked)::oid[]") : "true"} AS global
), wanted AS (SELECT oids FROM locked
), ${catalogRowsCtes(excludeTables)}, relation_rows AS (${catalogRowsSelect("false")})
SELECT NULL AS owner, NULL AS item, NULL::json AS fields, NULL AS schema, NULL AS relation,
       0 AS position, NULL::oid AS relid,
       ${globalColumns("(SELECT global FROM touched)")},
       (SELECT virtualxid FROM own_locks WHERE locktype = 'virtualxid' AND granted LIMIT 1) AS vxid,
       locked.oids AS locked,
       ${ids ? "pg_current_xact_id_if_assigned()::text" : "NULL"} AS own_id, ${ids ? NEXT_ID : "NULL"} AS next_id,
       set_config('retort.catalog_relations', locked.oids::text, false) IS NOT NULL
         AND set_config('retort.catalog_unowned', 'off', false) IS NOT NULL
         AND ${flushAfter(statistics)} AS selected
  FROM r, locked
UNION ALL
SELECT relation_rows.*, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM relation_rows
 -- Where \`global\` is counted it has most likely changed, and the caller reads the whole catalog instead.
 WHERE NOT (SELECT global FROM touched)`;

// The relations whose text names one of the selected ones (the locked relations, chosen by the
// statement above) and that are not selected themselves; chosen in their place for the next reading.
// What names a relation depends on it (columns included), its row type or the array of that (pg_depend,
// by the referenced-object index), from the relation's own parts as ./catalog-state.ts reads them:
// itself and its indexes, constraints, defaults and view rule. (An FK also depends on the unique index
// it uses, which its text does not name. A relation that names a locked one only now, or no longer
// does, changed itself: it is locked.)
const NAMING_SQL = `
WITH locked AS (SELECT unnest(${SELECTED_RELATIONS}) AS oid
), named AS (
  SELECT 'pg_class'::regclass AS classid, oid AS objid FROM locked
  UNION ALL SELECT 'pg_type'::regclass, x.type FROM locked
    CROSS JOIN LATERAL (
      SELECT c.reltype AS type FROM pg_class c WHERE c.oid = locked.oid AND c.reltype <> 0
      UNION ALL
      SELECT t.typarray FROM pg_class c JOIN pg_type t ON t.oid = c.reltype WHERE c.oid = locked.oid AND t.typarray <> 0
    ) x
), naming AS (
  SELECT CASE dp.classid
           WHEN 'pg_class'::regclass THEN COALESCE((SELECT indrelid FROM pg_index WHERE indexrelid = dp.objid), dp.objid)
           WHEN 'pg_constraint'::regclass THEN (SELECT conrelid FROM pg_constraint WHERE oid = dp.objid)
           WHEN 'pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_attrdef WHERE oid = dp.objid)
           WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = dp.objid)
         END AS oid
    FROM named n
    CROSS JOIN LATERAL (
      SELECT classid, objid FROM pg_depend WHERE refclassid = n.classid AND refobjid = n.objid OFFSET 0
    ) dp
), chosen AS (
  SELECT COALESCE(array_agg(DISTINCT oid), '{}') AS oids FROM naming
   WHERE oid IS NOT NULL AND oid NOT IN (SELECT oid FROM locked)
)
SELECT oids AS naming, set_config('retort.catalog_relations', oids::text, false) IS NOT NULL AS selected
  FROM chosen`;

/**
 * In a transaction, after `transactionChanges`: the relations whose text names one it locked, chosen
 * for the next reading in place of those (see above).
 */
export async function selectNamingRelations(client: pg.ClientBase): Promise<number[]> {
  const { rows } = await client.query<{ naming: number[] }>({
    name: "retort_catalog_naming",
    text: NAMING_SQL,
  });
  return rows[0]!.naming.map(Number);
}

/**
 * A reader of fingerprints for one session, `excludeTables` as for ./catalog-state.ts: its first
 * statement fixes the reference xid, and each reading is one statement.
 */
export async function catalogFingerprintReader(
  client: pg.ClientBase,
  excludeTables: readonly string[],
): Promise<CatalogFingerprintReader> {
  const { rows } = await client.query<{ ref: string; version: number }>(
    `SELECT GREATEST(txid_snapshot_xmin(txid_current_snapshot()) % 4294967296, 3)::text AS ref,
            current_setting('server_version_num')::int AS version`,
  );
  const { ref: reference, version } = rows[0]!;
  const features: ServerFeatures = { statistics: version >= 150000, ids: version >= 130000 };
  const fingerprint = preparedStatement(
    "retort_catalog_fingerprint",
    fingerprintSql(reference, excludeTables, features.statistics),
  );
  const ifEmpty = preparedStatement(
    "retort_catalog_if_empty",
    globalIfEmptySql(reference, excludeTables, features.statistics),
  );
  const changes = preparedStatement(
    "retort_catalog_transaction",
    transactionChangesSql(reference, excludeTables, features),
  );
  return {
    fingerprint: async () => fingerprintOf((await client.query<Row>(fingerprint)).rows),
    async fingerprintIfEmpty() {
      const { rows } = await client.query<Row & { empty: boolean }>(ifEmpty);
      return rows[0]!.empty ? fingerprintOf([{ ...rows[0]!, relid: null }]) : undefined;
    },
    async transactionChanges() {
      const result = await client.query<
        CatalogRow & Row & { locked: number[]; own_id: string | null; next_id: string | null }
      >(changes);
      const header = result.rows.find((row) => row.owner === null)!;
      const counted = header.count !== null;
      const relationRows = result.rows.filter((row) => row.owner !== null);
      for (const row of relationRows) row.relid = Number(row.relid);
      return {
        globalAfter: (previous) =>
          counted ? globalOf(header) : `${previous.slice(0, previous.indexOf(" "))} ${header.names}`,
        transaction: virtualTransactionOf(header.vxid!),
        locked: header.locked.map(Number),
        rows: counted ? undefined : relationRows,
        ids: header.next_id === null ? undefined : { own: header.own_id, next: header.next_id },
      };
    },
    async nextTransactionId() {
      if (!features.ids) return undefined;
      const { rows } = await client.query<{ next: string }>(`SELECT ${NEXT_ID} AS next`);
      return rows[0]!.next;
    },
  };
}

// Named after the text: a statement without parameters is planned once.
function preparedStatement(prefix: string, text: string): { name: string; text: string } {
  return { name: `${prefix}_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`, text };
}

function fingerprintOf(rows: readonly Row[]): CatalogFingerprint {
  const relations = new Map<number, string>();
  let global = "";
  let transaction: VirtualTransaction | undefined;
  for (const row of rows) {
    if (row.relid === null) {
      global = globalOf(row);
      transaction = virtualTransactionOf(row.vxid!);
    } else relations.set(Number(row.relid), `${row.count}:${row.newest ?? ""}`);
  }
  return { global, relations, transaction: transaction! };
}

function virtualTransactionOf(vxid: string): VirtualTransaction {
  const slash = vxid.lastIndexOf("/");
  return { backend: vxid.slice(0, slash), local: BigInt(vxid.slice(slash + 1)) };
}

function globalOf(row: Pick<Row, "count" | "newest" | "names">): string {
  return `${row.count}:${row.newest ?? ""} ${row.names}`;
}

// What the texts of the selected relations (./catalog-state.ts, `selectRelations`) name: relations (an
// index stands for its table) and row types of relations, from the pg_depend rows of each relation,
// its indexes, constraints, defaults and view rule. Read with the relations' text: they change only
// with the relation's own rows.
const REFERENCES_SQL = `
WITH wanted AS (SELECT unnest(${SELECTED_RELATIONS}) AS oid
), parts AS (
  -- Each relation's parts by index, one lookup per relation and catalog (a condition on the whole list
  -- is planned as a scan of the catalog). Not PostgreSQL 18's NOT NULL constraints: each names only
  -- its own table's column.
  SELECT oid AS rel, 'pg_class'::regclass AS classid, oid AS objid FROM wanted
  UNION ALL SELECT w.oid, 'pg_class'::regclass, p.oid FROM wanted w
    CROSS JOIN LATERAL (SELECT indexrelid AS oid FROM pg_index WHERE indrelid = w.oid OFFSET 0) p
  UNION ALL SELECT w.oid, 'pg_constraint'::regclass, p.oid FROM wanted w
    CROSS JOIN LATERAL (SELECT oid FROM pg_constraint WHERE conrelid = w.oid AND contype <> 'n' OFFSET 0) p
  UNION ALL SELECT w.oid, 'pg_attrdef'::regclass, p.oid FROM wanted w
    CROSS JOIN LATERAL (SELECT oid FROM pg_attrdef WHERE adrelid = w.oid OFFSET 0) p
  UNION ALL SELECT w.oid, 'pg_rewrite'::regclass, p.oid FROM wanted w
    CROSS JOIN LATERAL (SELECT oid FROM pg_rewrite WHERE ev_class = w.oid OFFSET 0) p
  OFFSET 0 -- (OFFSET 0 keeps a subquery from being merged into the outer query: parts first, then pg_depend)
)
SELECT p.rel, array_agg(DISTINCT named.rel) AS refs
  FROM parts p
  -- Lateral, each a lookup by index: the depender index, then the named index or type by oid (hash
  -- joins here read all of pg_index and pg_type three times over for a few rows).
  CROSS JOIN LATERAL (
    SELECT refclassid, refobjid FROM pg_depend
     WHERE classid = p.classid AND objid = p.objid AND refobjid >= 16384 OFFSET 0
  ) dp
  CROSS JOIN LATERAL (
    SELECT CASE dp.refclassid
      WHEN 'pg_class'::regclass THEN COALESCE((SELECT indrelid FROM pg_index WHERE indexrelid = dp.refobjid), dp.refobjid)
      -- A relation's row type, or an array of one.
      WHEN 'pg_type'::regclass THEN (
        SELECT COALESCE(NULLIF(t.typrelid, 0),
                        (SELECT NULLIF(e.typrelid, 0) FROM pg_type e WHERE t.typelem <> 0 AND e.oid = t.typelem))
          FROM pg_type t WHERE t.oid = dp.refobjid)
    END AS rel
  ) named
 WHERE named.rel IS NOT NULL
 GROUP BY p.rel`;

/** The relations (oids) each of `relations`, the ones `selectRelations` chose, names; itself left out. */
export async function readReferences(
  client: pg.ClientBase,
  relations: readonly number[],
): Promise<Map<number, number[]>> {
  const { rows } = await client.query<{ rel: number; refs: number[] }>({
    name: "retort_catalog_references",
    text: REFERENCES_SQL,
  });
  const references = new Map<number, number[]>(relations.map((relid) => [relid, []]));
  for (const row of rows) {
    const relid = Number(row.rel);
    references.set(
      relid,
      row.refs.map(Number).filter((ref) => ref !== relid),
    );
  }
  return references;
}
