/**
 * The constraints and indexes of one TypeORM table, as its schema builder creates them
 * (PostgresQueryRunner.createTableSql, createIndexSql, createForeignKeySql). Expressions stay in
 * TypeORM's spelling; src/canonicalise has PostgreSQL rewrite them.
 */
import type {
  CheckConstraint,
  Deferrable,
  ExclusionConstraint,
  ForeignKey,
  Index,
  ReferentialAction,
  UniqueConstraint,
} from "../schema/ir.js";
import { byName } from "../schema/ir.js";
import type { TypeormForeignKey, TypeormTable } from "./typeorm-module.js";

/** TypeORM says `INITIALLY DEFERRED`; the IR, like pg_constraint, says whether and how. */
export function deferrableOf(value: string | undefined): Deferrable {
  if (!value) return "not deferrable";
  return value.toUpperCase().includes("DEFERRED") ? "initially deferred" : "initially immediate";
}

const deferrableSuffix = (value: string | undefined) => (value ? ` DEFERRABLE ${value}` : "");

export function uniquesOf(table: TypeormTable): UniqueConstraint[] {
  return table.uniques
    .map((u) => ({
      kind: "unique" as const,
      name: u.name!,
      columns: u.columnNames,
      nullsNotDistinct: false,
      deferrable: deferrableOf(u.deferrable),
    }))
    .sort(byName);
}

export function checksOf(table: TypeormTable): CheckConstraint[] {
  return table.checks
    .map((c) => ({ kind: "check" as const, name: c.name!, expression: `(${c.expression})` }))
    .sort(byName);
}

export function exclusionsOf(table: TypeormTable): ExclusionConstraint[] {
  return table.exclusions
    .map((x) => ({
      kind: "exclusion" as const,
      name: x.name!,
      definition: `EXCLUDE ${x.expression}${deferrableSuffix(x.deferrable)}`,
    }))
    .sort(byName);
}

/** A table's indexes, or a materialized view's (PostgresQueryRunner.createViewIndexSql: the same parts). */
export function indexesOf(table: Pick<TypeormTable, "indices">): Index[] {
  return table.indices
    .map((i) => ({
      kind: "index" as const,
      name: i.name!,
      unique: i.isUnique,
      method: i.isSpatial ? "gist" : (i.type ?? "btree"),
      elements: i.columnNames.map((value) => ({ value, expression: false, descending: false })),
      include: [],
      ...(i.where ? { where: i.where } : {}),
      nullsNotDistinct: false,
    }))
    .sort(byName);
}

export function foreignKeyOf(
  fk: TypeormForeignKey,
  referencedSchema: string,
  referencedTable: string,
): ForeignKey {
  return {
    kind: "foreignKey",
    name: fk.name!,
    columns: fk.columnNames,
    referencedSchema,
    referencedTable,
    referencedColumns: fk.referencedColumnNames,
    onDelete: (fk.onDelete?.toUpperCase() ?? "NO ACTION") as ReferentialAction,
    onUpdate: (fk.onUpdate?.toUpperCase() ?? "NO ACTION") as ReferentialAction,
    deferrable: deferrableOf(fk.deferrable),
  };
}
