/**
 * fitIdentifiers returns a model whose names all fit as it is, and cuts a name over 63 bytes wherever
 * in the model it stands: its shortcut for a model with no long name must look at every place a name
 * can be.
 */
import { describe, expect, test } from "vitest";
import { fitIdentifiers } from "../../src/models/identifier-limits.js";
import type { Schema, Table } from "../../src/schema/ir.js";
import { col, idx, schemaOf, tbl, vw } from "../support/ir-builders.js";

const LONG = "x".repeat(70);
const CUT = "x".repeat(63);

function account(extra: Partial<Table> = {}): Table {
  return { ...tbl("account", [col("id", "integer"), col("owner", "integer")], ["id"]), ...extra };
}

const foreignKey = {
  kind: "foreignKey",
  name: "FK_owner",
  columns: ["owner"],
  referencedSchema: "public",
  referencedTable: "account",
  referencedColumns: ["id"],
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferrable: "not deferrable",
} as const;

const unique = (name: string, column: string) =>
  ({
    kind: "unique",
    name,
    columns: [column],
    nullsNotDistinct: false,
    deferrable: "not deferrable",
  }) as const;

/** A model with `name` in one place a name can be. */
const places: Record<string, (name: string) => Schema> = {
  namespace: (name) => ({ ...schemaOf(account()), namespaces: [name] }),
  "enum name": (name) => ({
    ...schemaOf(account()),
    enums: [{ kind: "enum", schema: "public", name, values: ["a"] }],
  }),
  "sequence name": (name) => ({
    ...schemaOf(account()),
    sequences: [
      {
        kind: "sequence",
        schema: "public",
        name,
        dataType: "bigint",
        start: "1",
        increment: "1",
        minValue: "1",
        maxValue: "9223372036854775807",
        cache: "1",
        cycle: false,
      },
    ],
  }),
  "view name": (name) => ({ ...schemaOf(account()), views: [vw(name, "SELECT 1")] }),
  "table schema": (name) => schemaOf({ ...account(), schema: name }),
  "table name": (name) => schemaOf({ ...account(), name }),
  "column name": (name) => schemaOf(account({ columns: [col("id", "integer"), col(name, "integer")] })),
  "primary key name": (name) =>
    schemaOf(account({ primaryKey: { kind: "primaryKey", name, columns: ["id"] } })),
  "primary key column": (name) =>
    schemaOf(account({ primaryKey: { kind: "primaryKey", name: "PK_account", columns: [name] } })),
  "unique name": (name) => schemaOf(account({ uniques: [unique(name, "owner")] })),
  "unique column": (name) => schemaOf(account({ uniques: [unique("UQ", name)] })),
  "foreign key name": (name) => schemaOf(account({ foreignKeys: [{ ...foreignKey, name }] })),
  "foreign key column": (name) => schemaOf(account({ foreignKeys: [{ ...foreignKey, columns: [name] }] })),
  "referenced schema": (name) =>
    schemaOf(account({ foreignKeys: [{ ...foreignKey, referencedSchema: name }] })),
  "referenced table": (name) =>
    schemaOf(account({ foreignKeys: [{ ...foreignKey, referencedTable: name }] })),
  "referenced column": (name) =>
    schemaOf(account({ foreignKeys: [{ ...foreignKey, referencedColumns: [name] }] })),
  "check name": (name) => schemaOf(account({ checks: [{ kind: "check", name, expression: "(id > 0)" }] })),
  "exclusion name": (name) =>
    schemaOf(
      account({ exclusions: [{ kind: "exclusion", name, definition: "EXCLUDE USING gist (id WITH =)" }] }),
    ),
  "index name": (name) => schemaOf(account({ indexes: [idx(name, ["owner"])] })),
  "index column": (name) => schemaOf(account({ indexes: [idx("IDX_owner", [name])] })),
  "index include": (name) =>
    schemaOf(account({ indexes: [idx("IDX_owner", ["owner"], { include: [name] })] })),
};

describe("fitIdentifiers", () => {
  test.each(Object.keys(places))("a long %s is cut to the 63 bytes PostgreSQL keeps", (place) => {
    const fitted = JSON.stringify(fitIdentifiers(places[place]!(LONG)));
    expect(fitted).not.toContain(LONG);
    expect(fitted).toContain(`"${CUT}"`);
  });

  test.each(Object.keys(places))("a model whose %s fits is returned as it is", (place) => {
    const model = places[place]!("short_name");
    expect(fitIdentifiers(model)).toBe(model);
  });
});
