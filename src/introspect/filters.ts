/**
 * SQL predicates shared by the readers, so that tables, their constraints and their indexes are chosen
 * by exactly the same rule.
 */

/**
 * A table retort manages: ordinary or partitioned, but not a partition (partitions inherit their
 * parent's definition and are not declared by any entity), and not created by an extension.
 */
export function managedTable(alias: string): string {
  return `${alias}.relkind IN ('r', 'p') AND NOT ${alias}.relispartition AND ${notExtensionMember("pg_class", `${alias}.oid`)}`;
}

/**
 * A relation whose indexes retort manages: a managed table, or a materialized view (the only kind of
 * view PostgreSQL lets one index), not an extension's.
 */
export function indexedRelation(alias: string): string {
  return `(${managedTable(alias)} OR (${alias}.relkind = 'm' AND ${notExtensionMember("pg_class", `${alias}.oid`)}))`;
}

/** Objects an extension created belong to the extension (listed on its own), not to the schema. */
export function notExtensionMember(catalog: "pg_class" | "pg_type", oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = '${catalog}'::regclass AND ext.objid = ${oid} AND ext.deptype = 'e')`;
}
