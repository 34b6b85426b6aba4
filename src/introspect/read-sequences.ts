import { byQualifiedName, type Sequence } from "../schema/ir.js";
import type { CatalogQuery } from "./catalog-query.js";
import { notExtensionMember } from "./filters.js";

interface Row {
  schema: string;
  name: string;
  data_type: string;
  start: string;
  increment: string;
  min_value: string;
  max_value: string;
  cache: string;
  cycle: boolean;
}

/**
 * Free-standing sequences only. A sequence OWNED BY a column (deptype 'a', serial) or backing an
 * identity (deptype 'i') comes and goes with that column, which describes it (`Column.sequence`).
 */
export function sequencesQuery(schemas: string): CatalogQuery<Sequence[]> {
  return { sql: sequencesSql(schemas), read: sequencesOf };
}

function sequencesSql(schemas: string): string {
  return `SELECT n.nspname::text AS schema, c.relname::text AS name,
            format_type(s.seqtypid, NULL) AS data_type,
            s.seqstart::text AS start, s.seqincrement::text AS increment,
            s.seqmin::text AS min_value, s.seqmax::text AS max_value,
            s.seqcache::text AS cache, s.seqcycle AS cycle
       FROM pg_sequence s
       JOIN pg_class c ON c.oid = s.seqrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY(${schemas})
        AND ${notExtensionMember("pg_class", "c.oid")}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))`;
}

function sequencesOf(rows: readonly Row[]): Sequence[] {
  return rows
    .map(
      (row): Sequence => ({
        kind: "sequence",
        schema: row.schema,
        name: row.name,
        dataType: row.data_type,
        start: row.start,
        increment: row.increment,
        minValue: row.min_value,
        maxValue: row.max_value,
        cache: row.cache,
        cycle: row.cycle,
      }),
    )
    .sort(byQualifiedName);
}
