/**
 * Every sequence of a database's application schemas, read straight from pg_catalog rather than
 * through retort's catalog reader: the oracles compare what two tools built, and a sequence the
 * reader leaves out (a serial's, an identity's) must still be compared. Each sequence comes with the
 * column that owns it and the column defaults that draw from it, so a sequence that kept its old name
 * after a rename, or its old type after a column was widened, shows up as a difference.
 */
import type pg from "pg";

export interface SequenceRow {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** `table.column` that owns it (serial: deptype 'a', identity: 'i'), or null for a free-standing one. */
  readonly ownedBy: string | null;
  readonly ownership: "serial" | "identity" | null;
  /** The column defaults that call nextval() of it, as `table.column: <expression>`. */
  readonly usedBy: readonly string[];
}

export async function sequencesOf(client: pg.ClientBase, schemas: readonly string[]): Promise<SequenceRow[]> {
  const { rows } = await client.query<SequenceRow>(
    `SELECT n.nspname::text AS schema, c.relname::text AS name,
            format_type(s.seqtypid, NULL) AS type,
            s.seqstart::text AS start, s.seqincrement::text AS increment,
            s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
            (SELECT format('%s.%s', t.relname, a.attname)
               FROM pg_depend d
               JOIN pg_class t ON t.oid = d.refobjid
               JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) AS "ownedBy",
            (SELECT CASE d.deptype WHEN 'a' THEN 'serial' WHEN 'i' THEN 'identity' END
               FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) AS ownership,
            ARRAY(SELECT format('%s.%s: %s', t.relname, a.attname, pg_get_expr(ad.adbin, ad.adrelid))
                    FROM pg_depend d
                    JOIN pg_attrdef ad ON ad.oid = d.objid
                    JOIN pg_class t ON t.oid = ad.adrelid
                    JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
                   WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
                     AND d.refobjid = c.oid
                   ORDER BY 1) AS "usedBy"
       FROM pg_sequence s
       JOIN pg_class c ON c.oid = s.seqrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1)
      ORDER BY 1, 2`,
    [schemas],
  );
  return rows;
}
