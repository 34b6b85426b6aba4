/** Terse IR builders for tables of differ cases. */
import type { Column, Index, Schema, Table, View } from "../../src/schema/ir.js";
import { emptySchema, table } from "../../src/schema/ir.js";

export function col(
  name: string,
  type: string,
  extra: Partial<Omit<Column, "kind" | "name" | "type">> = {},
): Column {
  return { kind: "column", name, type, nullable: true, ...extra };
}

/** A btree index over plain ascending columns, unless `extra` says otherwise. */
export function idx(
  name: string,
  columns: string[],
  extra: Partial<Omit<Index, "kind" | "name" | "elements">> = {},
): Index {
  return {
    kind: "index",
    name,
    unique: false,
    method: "btree",
    elements: columns.map((value) => ({ value, expression: false, descending: false })),
    include: [],
    nullsNotDistinct: false,
    ...extra,
  };
}

/** A plain view in public; `extra` makes it materialized, gives it indexes or another schema. */
export function vw(
  name: string,
  definition: string,
  extra: Partial<Omit<View, "kind" | "name" | "definition">> = {},
): View {
  return { kind: "view", schema: "public", name, materialized: false, definition, indexes: [], ...extra };
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
