/**
 * The TypeScript renderer: one function per operation kind, each returning the `op.*` call that
 * src/runtime/op-api.ts turns back into the same operation. It makes no decisions; it only spells.
 */
import type { Operation, OperationVisitor } from "../ops/operations.js";
import { visit } from "../ops/operations.js";
import type { Column, Deferrable, IndexElement, UniqueConstraint } from "../schema/ir.js";

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

/** Multi-line SQL (a view's query) as a template literal, so it reads as PostgreSQL printed it. */
function sqlText(text: string): string {
  if (!text.includes("\n")) return str(text);
  return `\`${text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${")}\``;
}

const list = (values: readonly string[]) => `[${values.map(str).join(", ")}]`;
const deferrable = (d: Deferrable) => (d === "not deferrable" ? undefined : str(d));

function uniqueSpec(u: UniqueConstraint): string {
  return object([
    ["name", str(u.name)],
    ["columns", list(u.columns)],
    ["nullsNotDistinct", u.nullsNotDistinct ? "true" : undefined],
    ["deferrable", deferrable(u.deferrable)],
  ]);
}

/** A plain ascending column is just its name; anything else is spelled out. */
function indexElementSpec(e: IndexElement): string {
  if (!e.expression && !e.descending && e.nullsFirst === undefined && !e.opclass && !e.collation)
    return str(e.value);
  return object([
    [e.expression ? "expression" : "column", str(e.value)],
    ["descending", e.descending ? "true" : undefined],
    ["nullsFirst", e.nullsFirst === undefined ? undefined : String(e.nullsFirst)],
    ["opclass", e.opclass ? str(e.opclass) : undefined],
    ["collation", e.collation ? str(e.collation) : undefined],
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
      /** A list of specs: inline when short, one per line otherwise. */
      const listOf = (items: string[]) =>
        items.length === 0
          ? undefined
          : items.join(", ").length <= 80
            ? `[${items.join(", ")}]`
            : `[\n${items.map((item) => `      ${item},`).join("\n")}\n    ]`;
      const entries: [string, string | undefined][] = [
        ["schema", schemaOption(table.schema)],
        [
          "primaryKey",
          table.primaryKey
            ? object([
                ["name", str(table.primaryKey.name)],
                ["columns", list(table.primaryKey.columns)],
              ])
            : undefined,
        ],
        ["uniques", listOf(table.uniques.map(uniqueSpec))],
        [
          "checks",
          listOf(
            table.checks.map((c) =>
              object([
                ["name", str(c.name)],
                ["expression", str(c.expression)],
              ]),
            ),
          ),
        ],
        [
          "exclusions",
          listOf(
            table.exclusions.map((x) =>
              object([
                ["name", str(x.name)],
                ["definition", str(x.definition)],
              ]),
            ),
          ),
        ],
        ["comment", table.comment !== undefined ? str(table.comment) : undefined],
      ];
      const present = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
      const inline = object(present);
      const tableOptions =
        present.length === 0
          ? ""
          : inline.length <= 90 && !inline.includes("\n")
            ? `\n  ${inline},`
            : `\n  {\n${present.map(([k, v]) => `    ${k}: ${v},`).join("\n")}\n  },`;
      return `op.createTable(\n  ${str(table.name)},\n  [\n${columns}\n  ],${tableOptions}\n)`;
    },
    dropTable: ({ table }) => `op.dropTable(${str(table.name)}${trailing(table.schema)})`,
    addColumn: (o) => `op.addColumn(${str(o.table)}, ${columnSpec(o.column)}${trailing(o.schema)})`,
    dropColumn: (o) => `op.dropColumn(${str(o.table)}, ${str(o.column.name)}${trailing(o.schema)})`,
    alterColumn: (o) => {
      const { type, nullable, default: nextDefault, comment, identity, serial, collation } = o.modify;
      const needsExistingType = type !== undefined || serial === true || collation !== undefined;
      const spec = object([
        ["type", type !== undefined ? str(type) : undefined],
        ["using", o.using !== undefined ? str(o.using) : undefined],
        ["collation", collation !== undefined ? str(collation) : undefined],
        ["nullable", nullable !== undefined ? String(nullable) : undefined],
        ["default", nextDefault === undefined ? undefined : nextDefault === null ? "null" : str(nextDefault)],
        ["identity", identity === undefined ? undefined : identity === null ? "null" : str(identity)],
        ["serial", serial !== undefined ? String(serial) : undefined],
        ["comment", comment === undefined ? undefined : comment === null ? "null" : str(comment)],
        ["existingType", needsExistingType ? str(o.existing.type) : undefined],
        [
          "existingIdentity",
          identity !== undefined && o.existing.identity ? str(o.existing.identity) : undefined,
        ],
        ["schema", schemaOption(o.schema)],
      ]);
      return `op.alterColumn(${str(o.table)}, ${str(o.column)}, ${spec})`;
    },
    addPrimaryKey: (o) =>
      `op.createPrimaryKey(${str(o.primaryKey.name)}, ${str(o.table)}, [${o.primaryKey.columns.map(str).join(", ")}]${trailing(o.schema)})`,
    dropPrimaryKey: (o) =>
      `op.dropPrimaryKey(${str(o.primaryKey.name)}, ${str(o.table)}${trailing(o.schema)})`,
    createEnum: ({ enumType: e }) => `op.createEnum(${str(e.name)}, ${list(e.values)}${trailing(e.schema)})`,
    dropEnum: ({ enumType: e }) => `op.dropEnum(${str(e.name)}${trailing(e.schema)})`,
    alterEnum: (o) => {
      const usages = o.usages.map((u) =>
        object([
          ["table", str(u.table)],
          ["column", str(u.column)],
          ["array", u.array ? "true" : undefined],
          ["default", u.default !== undefined ? str(u.default) : undefined],
          ["schema", schemaOption(u.schema)],
        ]),
      );
      const spec = object([
        ["from", list(o.from)],
        ["to", list(o.to)],
        ["usages", usages.length ? `[${usages.join(", ")}]` : undefined],
        ["schema", schemaOption(o.schema)],
      ]);
      return `op.alterEnum(${str(o.name)}, ${spec})`;
    },
    addUnique: (o) => {
      const extra = object([
        ["nullsNotDistinct", o.unique.nullsNotDistinct ? "true" : undefined],
        ["deferrable", deferrable(o.unique.deferrable)],
        ["schema", schemaOption(o.schema)],
      ]);
      return `op.createUnique(${str(o.unique.name)}, ${str(o.table)}, ${list(o.unique.columns)}${extra === "{}" ? "" : `, ${extra}`})`;
    },
    dropUnique: (o) => `op.dropConstraint(${str(o.unique.name)}, ${str(o.table)}${trailing(o.schema)})`,
    addForeignKey: (o) => {
      const { foreignKey: fk, schema, table } = o;
      const extra = object([
        ["referencedSchema", fk.referencedSchema === schema ? undefined : str(fk.referencedSchema)],
        ["onDelete", fk.onDelete === "NO ACTION" ? undefined : str(fk.onDelete)],
        ["onUpdate", fk.onUpdate === "NO ACTION" ? undefined : str(fk.onUpdate)],
        ["deferrable", deferrable(fk.deferrable)],
        ["notValid", o.notValid ? "true" : undefined],
        ["schema", schemaOption(schema)],
      ]);
      return (
        `op.createForeignKey(${str(fk.name)}, ${str(table)}, ${str(fk.referencedTable)}, ` +
        `${list(fk.columns)}, ${list(fk.referencedColumns)}${extra === "{}" ? "" : `, ${extra}`})`
      );
    },
    dropForeignKey: (o) =>
      `op.dropConstraint(${str(o.foreignKey.name)}, ${str(o.table)}${trailing(o.schema)})`,
    addCheck: (o) => {
      const extra = object([
        ["notValid", o.notValid ? "true" : undefined],
        ["schema", schemaOption(o.schema)],
      ]);
      return `op.createCheck(${str(o.check.name)}, ${str(o.table)}, ${str(o.check.expression)}${extra === "{}" ? "" : `, ${extra}`})`;
    },
    validateConstraint: (o) => `op.validateConstraint(${str(o.name)}, ${str(o.table)}${trailing(o.schema)})`,
    dropCheck: (o) => `op.dropConstraint(${str(o.check.name)}, ${str(o.table)}${trailing(o.schema)})`,
    addExclusion: (o) =>
      `op.createExclusion(${str(o.exclusion.name)}, ${str(o.table)}, ${str(o.exclusion.definition)}${trailing(o.schema)})`,
    dropExclusion: (o) => `op.dropConstraint(${str(o.exclusion.name)}, ${str(o.table)}${trailing(o.schema)})`,
    createIndex: ({ index: i, schema, table, concurrently }) => {
      const extra = object([
        ["unique", i.unique ? "true" : undefined],
        ["concurrently", concurrently ? "true" : undefined],
        ["method", i.method === "btree" ? undefined : str(i.method)],
        ["include", i.include.length ? list(i.include) : undefined],
        ["where", i.where !== undefined ? str(i.where) : undefined],
        ["nullsNotDistinct", i.nullsNotDistinct ? "true" : undefined],
        ["schema", schemaOption(schema)],
      ]);
      return `op.createIndex(${str(i.name)}, ${str(table)}, [${i.elements.map(indexElementSpec).join(", ")}]${extra === "{}" ? "" : `, ${extra}`})`;
    },
    dropIndex: (o) => {
      const extra = object([
        ["concurrently", o.concurrently ? "true" : undefined],
        ["schema", schemaOption(o.schema)],
      ]);
      return `op.dropIndex(${str(o.index.name)}${extra === "{}" ? "" : `, ${extra}`})`;
    },
    setTableComment: (o) =>
      `op.setTableComment(${str(o.table)}, ${o.comment === null ? "null" : str(o.comment)}${trailing(o.schema)})`,
    createView: ({ view }) => {
      const extra = object([
        ["materialized", view.materialized ? "true" : undefined],
        ["schema", schemaOption(view.schema)],
      ]);
      return `op.createView(${str(view.name)}, ${sqlText(view.definition)}${extra === "{}" ? "" : `, ${extra}`})`;
    },
    dropView: ({ view }) => {
      const extra = object([
        ["materialized", view.materialized ? "true" : undefined],
        ["schema", schemaOption(view.schema)],
      ]);
      return `op.dropView(${str(view.name)}${extra === "{}" ? "" : `, ${extra}`})`;
    },
    renameTable: (o) => `op.renameTable(${str(o.from)}, ${str(o.to)}${trailing(o.schema)})`,
    renameColumn: (o) =>
      `op.renameColumn(${str(o.table)}, ${str(o.from)}, ${str(o.to)}${trailing(o.schema)})`,
    renameConstraint: (o) =>
      `op.renameConstraint(${str(o.table)}, ${str(o.from)}, ${str(o.to)}${trailing(o.schema)})`,
    renameIndex: (o) => `op.renameIndex(${str(o.from)}, ${str(o.to)}${trailing(o.schema)})`,
    renameEnum: (o) => `op.renameEnum(${str(o.from)}, ${str(o.to)}${trailing(o.schema)})`,
    renameSequence: (o) => `op.renameSequence(${str(o.from)}, ${str(o.to)}${trailing(o.schema)})`,
    alterSequence: (o) => {
      const spec = object([
        ["type", str(o.dataType)],
        ["existingType", str(o.existingDataType)],
        ["schema", schemaOption(o.schema)],
      ]);
      return `op.alterSequence(${str(o.name)}, ${spec})`;
    },
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

/** The statement for one operation: hazards and notes as comments a reviewer will see, then the awaited call. */
export function renderStatement(op: Operation, options: RenderOptions): string {
  const comments = [
    ...(op.hazards ?? []).map((h) => `// ${HAZARD_LABELS[h.kind]}: ${h.reason}\n`),
    ...(op.notes ?? []).map((note) => `// ${note}\n`),
  ].join("");
  return `${comments}await ${renderOperation(op, options)};`;
}
