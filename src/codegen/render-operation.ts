/**
 * The TypeScript renderer: one function per operation kind, each returning the `op.*` call that
 * src/runtime/op-api.ts turns back into the same operation. It makes no decisions; it only spells,
 * as `Code` that ./code-layout.ts lays out.
 */
import type { Operation, OperationVisitor } from "../ops/operations.js";
import { visit } from "../ops/operations.js";
import type { Column, Deferrable, IndexElement, UniqueConstraint } from "../schema/ir.js";
import { array, type Code, call, type Group, labelled, object, writeCode } from "./code-layout.js";
import { type CodeBlockWriter, codeWriter } from "./code-writer.js";
import { commentText, sqlLiteral, stringLiteral as str } from "./literals.js";

const SERIAL_TYPES: Record<string, string> = {
  integer: "serial",
  bigint: "bigserial",
  smallint: "smallserial",
};

function columnSpec(column: Column): Group {
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

const list = (values: readonly string[]) => array(values.map(str));
const deferrable = (d: Deferrable) => (d === "not deferrable" ? undefined : str(d));

/** A trailing options argument, left out when it would be `{}`. */
function options(entries: readonly [string, Code | undefined][]): Group[] {
  const spec = object(entries);
  return spec.items.length > 0 ? [spec] : [];
}

function uniqueSpec(u: UniqueConstraint): Group {
  return object([
    ["name", str(u.name)],
    ["columns", list(u.columns)],
    ["nullsNotDistinct", u.nullsNotDistinct ? "true" : undefined],
    ["deferrable", deferrable(u.deferrable)],
  ]);
}

/** A plain ascending column is just its name; anything else is spelled out. */
function indexElementSpec(e: IndexElement): Code {
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

/** A table's constraint list: on one line when its items take at most 80 characters, else one per line. */
const constraintList = (items: readonly Code[]) =>
  items.length === 0 ? undefined : array(items, 80 + "[]".length);

export interface RenderOptions {
  readonly defaultSchema: string;
}

/** The `op.*` call for one operation. */
export function operationCall(op: Operation, renderOptions: RenderOptions): Group {
  let renderers = renderersBySchema.get(renderOptions.defaultSchema);
  if (renderers === undefined) {
    renderers = renderersFor(renderOptions.defaultSchema);
    renderersBySchema.set(renderOptions.defaultSchema, renderers);
  }
  return visit(renderers, op);
}

/** Made once per default schema, not once per operation: a thousand-table file renders 8000. */
const renderersBySchema = new Map<string, OperationVisitor<Group>>();

function renderersFor(defaultSchema: string): OperationVisitor<Group> {
  const schemaOption = (schema: string) => (schema === defaultSchema ? undefined : str(schema));
  /** The trailing `{ schema: "x" }` argument, only when the object is outside the default schema. */
  const inSchema = (schema: string) => options([["schema", schemaOption(schema)]]);
  return {
    createExtension: (o) =>
      call("op.createExtension", [
        str(o.extension.name),
        ...options([["schema", o.extension.schema ? str(o.extension.schema) : undefined]]),
      ]),
    dropExtension: (o) => call("op.dropExtension", [str(o.extension.name)]),
    createSchema: (o) => call("op.createSchema", [str(o.schema)]),
    dropSchema: (o) => call("op.dropSchema", [str(o.schema)]),
    createTable: ({ table }) => {
      const tableOptions = object(
        [
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
          ["uniques", constraintList(table.uniques.map(uniqueSpec))],
          [
            "checks",
            constraintList(
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
            constraintList(
              table.exclusions.map((x) =>
                object([
                  ["name", str(x.name)],
                  ["definition", str(x.definition)],
                ]),
              ),
            ),
          ],
          ["comment", table.comment !== undefined ? str(table.comment) : undefined],
        ],
        90,
      );
      // Always one argument and one column per line: a table is read column by column.
      return call(
        "op.createTable",
        [
          str(table.name),
          array(table.columns.map(columnSpec), "broken"),
          ...(tableOptions.items.length > 0 ? [tableOptions] : []),
        ],
        "broken",
      );
    },
    dropTable: ({ table }) => call("op.dropTable", [str(table.name), ...inSchema(table.schema)]),
    addColumn: (o) => call("op.addColumn", [str(o.table), columnSpec(o.column), ...inSchema(o.schema)]),
    dropColumn: (o) => call("op.dropColumn", [str(o.table), str(o.column.name), ...inSchema(o.schema)]),
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
      return call("op.alterColumn", [str(o.table), str(o.column), spec]);
    },
    addPrimaryKey: (o) =>
      call("op.createPrimaryKey", [
        str(o.primaryKey.name),
        str(o.table),
        list(o.primaryKey.columns),
        ...inSchema(o.schema),
      ]),
    dropPrimaryKey: (o) =>
      call("op.dropPrimaryKey", [str(o.primaryKey.name), str(o.table), ...inSchema(o.schema)]),
    createEnum: ({ enumType: e }) =>
      call("op.createEnum", [str(e.name), list(e.values), ...inSchema(e.schema)]),
    dropEnum: ({ enumType: e }) => call("op.dropEnum", [str(e.name), ...inSchema(e.schema)]),
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
        ["usages", usages.length ? array(usages) : undefined],
        ["schema", schemaOption(o.schema)],
      ]);
      return call("op.alterEnum", [str(o.name), spec]);
    },
    addUnique: (o) =>
      call("op.createUnique", [
        str(o.unique.name),
        str(o.table),
        list(o.unique.columns),
        ...options([
          ["nullsNotDistinct", o.unique.nullsNotDistinct ? "true" : undefined],
          ["deferrable", deferrable(o.unique.deferrable)],
          ["schema", schemaOption(o.schema)],
        ]),
      ]),
    dropUnique: (o) => call("op.dropConstraint", [str(o.unique.name), str(o.table), ...inSchema(o.schema)]),
    addForeignKey: (o) => {
      const { foreignKey: fk, schema, table } = o;
      return call("op.createForeignKey", [
        str(fk.name),
        str(table),
        str(fk.referencedTable),
        list(fk.columns),
        list(fk.referencedColumns),
        ...options([
          ["referencedSchema", fk.referencedSchema === schema ? undefined : str(fk.referencedSchema)],
          ["onDelete", fk.onDelete === "NO ACTION" ? undefined : str(fk.onDelete)],
          ["onUpdate", fk.onUpdate === "NO ACTION" ? undefined : str(fk.onUpdate)],
          ["deferrable", deferrable(fk.deferrable)],
          ["notValid", o.notValid ? "true" : undefined],
          ["schema", schemaOption(schema)],
        ]),
      ]);
    },
    dropForeignKey: (o) =>
      call("op.dropConstraint", [str(o.foreignKey.name), str(o.table), ...inSchema(o.schema)]),
    addCheck: (o) =>
      call("op.createCheck", [
        str(o.check.name),
        str(o.table),
        str(o.check.expression),
        ...options([
          ["notValid", o.notValid ? "true" : undefined],
          ["schema", schemaOption(o.schema)],
        ]),
      ]),
    validateConstraint: (o) =>
      call("op.validateConstraint", [str(o.name), str(o.table), ...inSchema(o.schema)]),
    dropCheck: (o) => call("op.dropConstraint", [str(o.check.name), str(o.table), ...inSchema(o.schema)]),
    addExclusion: (o) =>
      call("op.createExclusion", [
        str(o.exclusion.name),
        str(o.table),
        str(o.exclusion.definition),
        ...inSchema(o.schema),
      ]),
    dropExclusion: (o) =>
      call("op.dropConstraint", [str(o.exclusion.name), str(o.table), ...inSchema(o.schema)]),
    createIndex: ({ index: i, schema, table, concurrently }) =>
      call("op.createIndex", [
        str(i.name),
        str(table),
        array(i.elements.map(indexElementSpec)),
        ...options([
          ["unique", i.unique ? "true" : undefined],
          ["concurrently", concurrently ? "true" : undefined],
          ["method", i.method === "btree" ? undefined : str(i.method)],
          ["include", i.include.length ? list(i.include) : undefined],
          ["where", i.where !== undefined ? str(i.where) : undefined],
          ["nullsNotDistinct", i.nullsNotDistinct ? "true" : undefined],
          ["schema", schemaOption(schema)],
        ]),
      ]),
    dropIndex: (o) =>
      call("op.dropIndex", [
        str(o.index.name),
        ...options([
          ["concurrently", o.concurrently ? "true" : undefined],
          ["schema", schemaOption(o.schema)],
        ]),
      ]),
    setTableComment: (o) =>
      call("op.setTableComment", [
        str(o.table),
        o.comment === null ? "null" : str(o.comment),
        ...inSchema(o.schema),
      ]),
    createView: ({ view }) =>
      call("op.createView", [
        str(view.name),
        sqlLiteral(view.definition),
        ...options([
          ["materialized", view.materialized ? "true" : undefined],
          ["schema", schemaOption(view.schema)],
        ]),
      ]),
    dropView: ({ view }) =>
      call("op.dropView", [
        str(view.name),
        ...options([
          ["materialized", view.materialized ? "true" : undefined],
          ["schema", schemaOption(view.schema)],
        ]),
      ]),
    renameTable: (o) => call("op.renameTable", [str(o.from), str(o.to), ...inSchema(o.schema)]),
    renameColumn: (o) =>
      call("op.renameColumn", [str(o.table), str(o.from), str(o.to), ...inSchema(o.schema)]),
    renameConstraint: (o) =>
      call("op.renameConstraint", [str(o.table), str(o.from), str(o.to), ...inSchema(o.schema)]),
    renameIndex: (o) => call("op.renameIndex", [str(o.from), str(o.to), ...inSchema(o.schema)]),
    renameEnum: (o) => call("op.renameEnum", [str(o.from), str(o.to), ...inSchema(o.schema)]),
    renameSequence: (o) => call("op.renameSequence", [str(o.from), str(o.to), ...inSchema(o.schema)]),
    alterSequence: (o) =>
      call("op.alterSequence", [
        str(o.name),
        object([
          ["type", str(o.dataType)],
          ["existingType", str(o.existingDataType)],
          ["schema", schemaOption(o.schema)],
        ]),
      ]),
    execute: (o) => call("op.execute", [str(o.sql)]),
  };
}

/** The call as a file lays it out at the left margin: what a reader of one operation sees. */
export function renderOperation(op: Operation, renderOptions: RenderOptions): string {
  const writer = codeWriter();
  writeCode(writer, operationCall(op, renderOptions));
  return writer.toString();
}

const HAZARD_LABELS = {
  "data-loss": "DATA LOSS",
  "table-rewrite": "TABLE REWRITE",
  "long-lock": "LONG LOCK",
  "failure-risk": "MAY FAIL",
} as const;

/**
 * The statement for one operation, on lines of its own: hazards and notes as comments a reviewer will
 * see, then the awaited call.
 */
export function writeStatement(writer: CodeBlockWriter, op: Operation, renderOptions: RenderOptions): void {
  for (const hazard of op.hazards ?? [])
    writer.writeLine(`// ${HAZARD_LABELS[hazard.kind]}: ${commentText(hazard.reason)}`);
  for (const note of op.notes ?? []) writer.writeLine(`// ${commentText(note)}`);
  writeCode(writer, labelled("await ", operationCall(op, renderOptions)), ";");
  writer.newLine();
}
