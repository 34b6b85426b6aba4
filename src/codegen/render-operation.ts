/**
 * The TypeScript renderer: one function per operation kind, each returning the `op.*` call that
 * src/runtime/op-api.ts turns back into the same operation. It makes no decisions; it only spells.
 */
import type { Operation, OperationVisitor } from "../ops/operations.js";
import { visit } from "../ops/operations.js";
import type { Column } from "../schema/ir.js";

const SERIAL_TYPES: Record<string, string> = {
  integer: "serial",
  bigint: "bigserial",
  smallint: "smallserial",
};

const str = (value: string) => JSON.stringify(value);

/** `{ a: 1, b: "x" }` from ordered entries, skipping undefined values. */
function object(entries: [string, string | undefined][]): string {
  const present = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
  return present.length ? `{ ${present.map(([k, v]) => `${k}: ${v}`).join(", ")} }` : "{}";
}

export function columnSpec(column: Column): string {
  const type = column.serial ? (SERIAL_TYPES[column.type] ?? column.type) : column.type;
  return object([
    ["name", str(column.name)],
    ["type", str(type)],
    ["nullable", String(column.nullable)],
    ["default", column.default !== undefined ? str(column.default) : undefined],
    ["identity", column.identity ? str(column.identity) : undefined],
    ["generated", column.generated ? str(column.generated) : undefined],
    ["collation", column.collation ? str(column.collation) : undefined],
    ["comment", column.comment !== undefined ? str(column.comment) : undefined],
  ]);
}

export interface RenderOptions {
  readonly defaultSchema: string;
}

export function renderOperation(op: Operation, options: RenderOptions): string {
  const schemaOption = (schema: string) => (schema === options.defaultSchema ? undefined : str(schema));
  /** The trailing `{ schema: "x" }` argument, only when the object is outside the default schema. */
  const trailing = (schema: string) => {
    const value = schemaOption(schema);
    return value ? `, { schema: ${value} }` : "";
  };
  const renderers: OperationVisitor<string> = {
    createExtension: (o) =>
      `op.createExtension(${str(o.extension.name)}${o.extension.schema ? `, { schema: ${str(o.extension.schema)} }` : ""})`,
    dropExtension: (o) => `op.dropExtension(${str(o.extension.name)})`,
    createSchema: (o) => `op.createSchema(${str(o.schema)})`,
    dropSchema: (o) => `op.dropSchema(${str(o.schema)})`,
    createTable: ({ table }) => {
      const columns = table.columns.map((c) => `    ${columnSpec(c)},`).join("\n");
      const tableOptions = object([
        ["schema", schemaOption(table.schema)],
        [
          "primaryKey",
          table.primaryKey
            ? object([
                ["name", str(table.primaryKey.name)],
                ["columns", `[${table.primaryKey.columns.map(str).join(", ")}]`],
              ])
            : undefined,
        ],
        ["comment", table.comment !== undefined ? str(table.comment) : undefined],
      ]);
      return `op.createTable(\n  ${str(table.name)},\n  [\n${columns}\n  ],${tableOptions === "{}" ? "" : `\n  ${tableOptions},`}\n)`;
    },
    dropTable: ({ table }) => `op.dropTable(${str(table.name)}${trailing(table.schema)})`,
    addColumn: (o) => `op.addColumn(${str(o.table)}, ${columnSpec(o.column)}${trailing(o.schema)})`,
    dropColumn: (o) => `op.dropColumn(${str(o.table)}, ${str(o.column.name)}${trailing(o.schema)})`,
    alterColumn: (o) => {
      const { type, nullable, default: nextDefault, comment } = o.modify;
      const spec = object([
        ["type", type !== undefined ? str(type) : undefined],
        ["using", o.using !== undefined ? str(o.using) : undefined],
        ["nullable", nullable !== undefined ? String(nullable) : undefined],
        ["default", nextDefault === undefined ? undefined : nextDefault === null ? "null" : str(nextDefault)],
        ["comment", comment === undefined ? undefined : comment === null ? "null" : str(comment)],
        ["existingType", type !== undefined ? str(o.existing.type) : undefined],
        ["schema", schemaOption(o.schema)],
      ]);
      return `op.alterColumn(${str(o.table)}, ${str(o.column)}, ${spec})`;
    },
    addPrimaryKey: (o) =>
      `op.createPrimaryKey(${str(o.primaryKey.name)}, ${str(o.table)}, [${o.primaryKey.columns.map(str).join(", ")}]${trailing(o.schema)})`,
    dropPrimaryKey: (o) =>
      `op.dropPrimaryKey(${str(o.primaryKey.name)}, ${str(o.table)}${trailing(o.schema)})`,
    execute: (o) => `op.execute(${str(o.sql)})`,
  };
  return visit(renderers, op);
}

const HAZARD_LABELS = {
  "data-loss": "DATA LOSS",
  "table-rewrite": "TABLE REWRITE",
  "long-lock": "LONG LOCK",
  "failure-risk": "MAY FAIL",
} as const;

/** The statement for one operation: hazards as comments a reviewer will see, then the awaited call. */
export function renderStatement(op: Operation, options: RenderOptions): string {
  const comments = (op.hazards ?? []).map((h) => `// ${HAZARD_LABELS[h.kind]}: ${h.reason}\n`).join("");
  return `${comments}await ${renderOperation(op, options)};`;
}
