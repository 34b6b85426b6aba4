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

/** Objects an extension created belong to the extension (listed on its own), not to the schema. */
export function notExtensionMember(catalog: "pg_class" | "pg_type", oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = '${catalog}'::regclass AND ext.objid = ${oid} AND ext.deptype = 'e')`;
}
