/** Terse IR builders for tables of differ cases. */
import type { Column, Schema, Table } from "../../src/schema/ir.js";
import { emptySchema, table } from "../../src/schema/ir.js";

export function col(
  name: string,
  type: string,
  extra: Partial<Omit<Column, "kind" | "name" | "type">> = {},
): Column {
  return { kind: "column", name, type, nullable: true, ...extra };
}

export function tbl(name: string, columns: Column[], pk?: string[], schema = "public"): Table {
  return table(
    schema,
    name,
    columns,
    pk ? { kind: "primaryKey", name: `PK_${name}`, columns: pk } : undefined,
  );
}

export function schemaOf(...tables: Table[]): Schema {
  return { ...emptySchema(), tables };
}
