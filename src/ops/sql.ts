/**
 * The SQL renderer: one function per operation kind, each returning the statements that apply it.
 * It makes no decisions (the differ did); it only spells operations in PostgreSQL's DDL.
 */
import type {
  CheckConstraint,
  Column,
  Deferrable,
  ExclusionConstraint,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from "../schema/ir.js";
import { derivedName } from "../sql/identifier-length.js";
import { ownedSequenceName } from "../sql/object-names.js";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote.js";
import type { AlterColumnOp, AlterEnumOp, Operation, OperationVisitor } from "./operations.js";
import { visit } from "./operations.js";

const SERIAL_TYPES: Record<string, string> = {
  integer: "serial",
  bigint: "bigserial",
  smallint: "smallserial",
};

/** A column as it appears inside CREATE TABLE or ADD COLUMN. */
export function columnDefinition(column: Column): string {
  const type = column.serial ? (SERIAL_TYPES[column.type] ?? column.type) : column.type;
  const parts = [quoteIdent(column.name), type];
  if (column.collation) parts.push(`COLLATE ${quoteIdent(column.collation)}`);
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.identity) parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  return parts.join(" ");
}

function primaryKeyClause(pk: PrimaryKey): string {
  return `CONSTRAINT ${quoteIdent(pk.name)} PRIMARY KEY (${pk.columns.map(quoteIdent).join(", ")})`;
}

function deferrableClause(deferrable: Deferrable): string {
  return deferrable === "not deferrable" ? "" : ` DEFERRABLE ${deferrable.toUpperCase()}`;
}

const columnList = (columns: readonly string[]) => `(${columns.map(quoteIdent).join(", ")})`;

function uniqueClause(unique: UniqueConstraint): string {
  return (
    `CONSTRAINT ${quoteIdent(unique.name)} UNIQUE${unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""} ` +
    `${columnList(unique.columns)}${deferrableClause(unique.deferrable)}`
  );
}

function checkClause(check: CheckConstraint): string {
  return `CONSTRAINT ${quoteIdent(check.name)} CHECK ${check.expression}`;
}

function exclusionClause(exclusion: ExclusionConstraint): string {
  return `CONSTRAINT ${quoteIdent(exclusion.name)} ${exclusion.definition}`;
}

function foreignKeyClause(fk: ForeignKey): string {
  return (
    `CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY ${columnList(fk.columns)} ` +
    `REFERENCES ${quoteQualified(fk.referencedSchema, fk.referencedTable)} ${columnList(fk.referencedColumns)} ` +
    `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}${deferrableClause(fk.deferrable)}`
  );
}

function indexElement(element: IndexElement): string {
  let text = element.expression ? `(${element.value})` : quoteIdent(element.value);
  if (element.collation) text += ` COLLATE ${quoteIdent(element.collation)}`;
  if (element.opclass) text += ` ${element.opclass}`;
  if (element.descending) text += " DESC";
  if (element.nullsFirst !== undefined) text += element.nullsFirst ? " NULLS FIRST" : " NULLS LAST";
  return text;
}

function createIndex(schema: string, table: string, index: Index, concurrently = false): string {
  // IF NOT EXISTS with CONCURRENTLY: it runs outside the migration's transaction, so a rerun after a
  // crash must be able to find it already built.
  const how = concurrently ? "CONCURRENTLY IF NOT EXISTS " : "";
  return (
    `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${how}${quoteIdent(index.name)} ON ${tableName(schema, table)} ` +
    `USING ${index.method} (${index.elements.map(indexElement).join(", ")})` +
    (index.include.length ? ` INCLUDE ${columnList(index.include)}` : "") +
    (index.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") +
    (index.where ? ` WHERE ${index.where}` : "")
  );
}

const labels = (values: readonly string[]) => values.map(quoteLiteral).join(", ");

/**
 * Labels only added (existing ones kept, in the same order) → ADD VALUE, which touches no row.
 * Anything else → swap the type: rename the old one away, create the new one, convert every column
 * through text (a row holding a removed label makes the step fail rather than lose its value), drop
 * the old type.
 */
function alterEnum(op: AlterEnumOp): string[] {
  const type = quoteQualified(op.schema, op.name);
  const kept = op.to.filter((label) => op.from.includes(label));
  const onlyAdds = kept.length === op.from.length && kept.every((label, i) => label === op.from[i]);
  if (onlyAdds) {
    return op.to.flatMap((label, i) => {
      if (op.from.includes(label)) return [];
      const next = op.to.slice(i + 1).find((l) => op.from.includes(l));
      return [
        `ALTER TYPE ${type} ADD VALUE ${quoteLiteral(label)}${next !== undefined ? ` BEFORE ${quoteLiteral(next)}` : ""}`,
      ];
    });
  }
  // Cut to fit: `<63-byte name>_old` would be stored as the name itself, which is taken.
  const oldName = derivedName(op.name, undefined, "old");
  const statements = [
    `ALTER TYPE ${type} RENAME TO ${quoteIdent(oldName)}`,
    `CREATE TYPE ${type} AS ENUM (${labels(op.to)})`,
  ];
  for (const usage of op.usages) {
    const column = quoteIdent(usage.column);
    const target = usage.array ? `${type}[]` : type;
    const via = usage.array ? "text[]" : "text";
    const actions = [
      ...(usage.default !== undefined ? [`ALTER COLUMN ${column} DROP DEFAULT`] : []),
      `ALTER COLUMN ${column} TYPE ${target} USING ${column}::${via}::${target}`,
    ];
    statements.push(`ALTER TABLE ${tableName(usage.schema, usage.table)} ${actions.join(", ")}`);
    if (usage.default !== undefined) {
      statements.push(
        `ALTER TABLE ${tableName(usage.schema, usage.table)} ALTER COLUMN ${column} SET DEFAULT ${usage.default}`,
      );
    }
  }
  statements.push(`DROP TYPE ${quoteQualified(op.schema, oldName)}`);
  return statements;
}

/**
 * One ALTER TABLE with several actions, applied in order in one pass, plus the statements that cannot
 * be actions (sequences, comments). Order matters:
 * - a column that gives up its sequence (serial or identity removed) does so first, in statements of
 *   its own, so that a new sequence can take the name `<table>_<column>_seq` (the server would make it
 *   `..._seq1` while the old one exists, and synchronize() builds `..._seq`);
 * - a default is dropped before a type change and set after it (the differ repeats the default in
 *   `modify` for that reason), since the old default may not cast to the new type;
 * - a new identity or serial goes after a type change, and its sequence starts after the largest
 *   value already in the column.
 */
function alterColumn(op: AlterColumnOp): string[] {
  const table = tableName(op.schema, op.table);
  const column = quoteIdent(op.column);
  const { type, nullable, default: nextDefault, identity, serial, collation } = op.modify;
  const release: string[] = [];
  const before: string[] = [];
  const actions: string[] = [];
  const after: string[] = [];
  const sequence = quoteQualified(op.schema, ownedSequenceName(op.table, op.column));
  const restartAfterMax = (sequenceExpression: string) =>
    `SELECT setval(${sequenceExpression}, coalesce((SELECT max(${column}) FROM ${table}), 0) + 1, false)`;

  if (serial === false) {
    // The owned sequence goes with the default; its name is whatever PostgreSQL gave it.
    release.push(
      `ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`,
      `DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(op.column)}); END $$`,
    );
  }
  if (identity === null) release.push(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP IDENTITY`);
  if (nextDefault !== undefined) actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
  if (type !== undefined || collation !== undefined) {
    const collate = collation ? ` COLLATE ${quoteIdent(collation)}` : "";
    actions.push(
      `ALTER COLUMN ${column} TYPE ${type ?? op.existing.type}${collate}${op.using ? ` USING ${op.using}` : ""}`,
    );
  }
  if (typeof nextDefault === "string") actions.push(`ALTER COLUMN ${column} SET DEFAULT ${nextDefault}`);
  if (nullable !== undefined) actions.push(`ALTER COLUMN ${column} ${nullable ? "DROP" : "SET"} NOT NULL`);
  if (identity) {
    if (op.existing.identity) actions.push(`ALTER COLUMN ${column} SET GENERATED ${identity.toUpperCase()}`);
    else {
      actions.push(`ALTER COLUMN ${column} ADD GENERATED ${identity.toUpperCase()} AS IDENTITY`);
      after.push(
        restartAfterMax(`pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(op.column)})`),
      );
    }
  }
  if (serial === true) {
    before.push(`CREATE SEQUENCE ${sequence} AS ${type ?? op.existing.type} OWNED BY ${table}.${column}`);
    actions.push(`ALTER COLUMN ${column} SET DEFAULT nextval(${quoteLiteral(sequence)}::regclass)`);
    after.push(restartAfterMax(quoteLiteral(sequence)));
  }
  const statements = [
    ...release,
    ...before,
    ...(actions.length ? [`ALTER TABLE ${table} ${actions.join(", ")}`] : []),
    ...after,
  ];
  if (op.modify.comment !== undefined)
    statements.push(columnComment(op.schema, op.table, op.column, op.modify.comment));
  return statements;
}

function tableName(schema: string, name: string): string {
  return quoteQualified(schema, name);
}

function createTable(table: Table): string[] {
  // Indexes and foreign keys are separate operations (the differ emits them), so that tables can
  // reference each other in any order and a downgrade can re-create them one by one.
  const lines = table.columns.map(columnDefinition);
  if (table.primaryKey) lines.push(primaryKeyClause(table.primaryKey));
  lines.push(
    ...table.uniques.map(uniqueClause),
    ...table.checks.map(checkClause),
    ...table.exclusions.map(exclusionClause),
  );
  const statements = [`CREATE TABLE ${tableName(table.schema, table.name)} (${lines.join(", ")})`];
  if (table.comment !== undefined) {
    statements.push(
      `COMMENT ON TABLE ${tableName(table.schema, table.name)} IS ${quoteLiteral(table.comment)}`,
    );
  }
  for (const column of table.columns) {
    if (column.comment !== undefined)
      statements.push(columnComment(table.schema, table.name, column.name, column.comment));
  }
  return statements;
}

function columnComment(schema: string, table: string, column: string, comment: string | null): string {
  const text = comment === null ? "NULL" : quoteLiteral(comment);
  return `COMMENT ON COLUMN ${tableName(schema, table)}.${quoteIdent(column)} IS ${text}`;
}

/**
 * A view's query as the end of CREATE VIEW: without the semicolon pg_get_viewdef ends with, and with a
 * newline after a last line that may end in a `-- comment` (an entity's expression can), so that the
 * comment cannot swallow what a batch or script puts after the statement (its `;`, the next one).
 */
function viewQuery(definition: string): string {
  const query = definition.replace(/;\s*$/, "");
  const lastLine = query.slice(query.lastIndexOf("\n") + 1);
  return lastLine.includes("--") ? `${query}\n` : query;
}

const renderers: OperationVisitor<string[]> = {
  createExtension: (op) => [
    `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(op.extension.name)}` +
      (op.extension.schema ? ` SCHEMA ${quoteIdent(op.extension.schema)}` : ""),
  ],
  dropExtension: (op) => [`DROP EXTENSION IF EXISTS ${quoteIdent(op.extension.name)}`],
  createSchema: (op) => [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(op.schema)}`],
  dropSchema: (op) => [`DROP SCHEMA ${quoteIdent(op.schema)}`],
  createTable: (op) => createTable(op.table),
  dropTable: (op) => [`DROP TABLE ${tableName(op.table.schema, op.table.name)}`],
  addColumn: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} ADD COLUMN ${columnDefinition(op.column)}`,
    ...(op.column.comment !== undefined
      ? [columnComment(op.schema, op.table, op.column.name, op.column.comment)]
      : []),
  ],
  dropColumn: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP COLUMN ${quoteIdent(op.column.name)}`,
  ],
  alterColumn: (op) => alterColumn(op),
  addPrimaryKey: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} ADD ${primaryKeyClause(op.primaryKey)}`,
  ],
  dropPrimaryKey: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.primaryKey.name)}`,
  ],
  createEnum: ({ enumType: e }) => [
    `CREATE TYPE ${quoteQualified(e.schema, e.name)} AS ENUM (${labels(e.values)})`,
  ],
  dropEnum: ({ enumType: e }) => [`DROP TYPE ${quoteQualified(e.schema, e.name)}`],
  alterEnum,
  addUnique: (op) => [`ALTER TABLE ${tableName(op.schema, op.table)} ADD ${uniqueClause(op.unique)}`],
  dropUnique: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.unique.name)}`,
  ],
  addForeignKey: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} ADD ${foreignKeyClause(op.foreignKey)}${op.notValid ? " NOT VALID" : ""}`,
  ],
  dropForeignKey: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.foreignKey.name)}`,
  ],
  addCheck: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} ADD ${checkClause(op.check)}${op.notValid ? " NOT VALID" : ""}`,
  ],
  dropCheck: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.check.name)}`,
  ],
  addExclusion: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} ADD ${exclusionClause(op.exclusion)}`,
  ],
  dropExclusion: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.exclusion.name)}`,
  ],
  createIndex: (op) => [createIndex(op.schema, op.table, op.index, op.concurrently)],
  dropIndex: (op) => [
    `DROP INDEX ${op.concurrently ? "CONCURRENTLY IF EXISTS " : ""}${quoteQualified(op.schema, op.index.name)}`,
  ],
  validateConstraint: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} VALIDATE CONSTRAINT ${quoteIdent(op.name)}`,
  ],
  setTableComment: (op) => [
    `COMMENT ON TABLE ${tableName(op.schema, op.table)} IS ${op.comment === null ? "NULL" : quoteLiteral(op.comment)}`,
  ],
  createView: ({ view }) => [
    `CREATE ${view.materialized ? "MATERIALIZED " : ""}VIEW ${quoteQualified(view.schema, view.name)} AS ${viewQuery(view.definition)}`,
  ],
  dropView: ({ view }) => [
    `DROP ${view.materialized ? "MATERIALIZED " : ""}VIEW ${quoteQualified(view.schema, view.name)}`,
  ],
  renameTable: (op) => [`ALTER TABLE ${tableName(op.schema, op.from)} RENAME TO ${quoteIdent(op.to)}`],
  renameColumn: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`,
  ],
  renameConstraint: (op) => [
    `ALTER TABLE ${tableName(op.schema, op.table)} RENAME CONSTRAINT ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`,
  ],
  renameIndex: (op) => [`ALTER INDEX ${quoteQualified(op.schema, op.from)} RENAME TO ${quoteIdent(op.to)}`],
  renameEnum: (op) => [`ALTER TYPE ${quoteQualified(op.schema, op.from)} RENAME TO ${quoteIdent(op.to)}`],
  renameSequence: (op) => [
    `ALTER SEQUENCE ${quoteQualified(op.schema, op.from)} RENAME TO ${quoteIdent(op.to)}`,
  ],
  alterSequence: (op) => [`ALTER SEQUENCE ${quoteQualified(op.schema, op.name)} AS ${op.dataType}`],
  execute: (op) => [op.sql],
};

export function toSql(op: Operation): string[] {
  return visit(renderers, op);
}
