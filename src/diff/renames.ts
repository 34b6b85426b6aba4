/**
 * Renames. A diff alone cannot tell a rename from a drop and an add, so the decision is injected
 * (drizzle-kit's resolver idea): the caller gets the candidates — a table or column that disappears
 * while one of compatible shape appears — and answers each (a prompt, a `--rename` hint, or "no").
 * Accepted renames are applied to the "from" side before anything else is compared, so the rest of
 * the diff sees a renamed object as the same object.
 */
import type { Column, Schema, Table } from "../schema/ir.js";
import { qualifiedKey } from "../schema/ir.js";
import { sameType } from "./normalise.js";

export interface TableRename {
  readonly schema: string;
  readonly from: string;
  readonly to: string;
}

export interface ColumnRename {
  readonly schema: string;
  /** The table's name after any table rename. */
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

export interface Renames {
  readonly tables: readonly TableRename[];
  readonly columns: readonly ColumnRename[];
}

/**
 * `compatible`: the shapes match (same columns and types; the same column type). Only compatible
 * candidates are worth a question; an explicit hint may still name an incompatible one (a column
 * renamed and retyped at once, a table renamed along with one of its columns).
 */
export type RenameCandidate = (({ kind: "table" } & TableRename) | ({ kind: "column" } & ColumnRename)) & {
  readonly compatible: boolean;
};

/**
 * Answers one candidate: true when it is a rename, false when it is not, undefined when nobody could
 * say (no hint names it and there is no terminal to ask on).
 */
export type RenameDecider = (
  candidate: RenameCandidate,
) => boolean | undefined | Promise<boolean | undefined>;

/** A compatible candidate nobody answered: the drop and the add it becomes may well be a rename. */
export type PossibleRename = ({ kind: "table" } & TableRename) | ({ kind: "column" } & ColumnRename);

export interface ResolvedRenames extends Renames {
  /** Unanswered compatible candidates that no accepted rename already covers. */
  readonly possible: readonly PossibleRename[];
}

export const NO_RENAMES: Renames = { tables: [], columns: [] };

/** Asks about every candidate, tables first (their answers change which columns are candidates). */
export async function resolveRenames(
  from: Schema,
  to: Schema,
  decide: RenameDecider,
): Promise<ResolvedRenames> {
  const tables: TableRename[] = [];
  const possible: PossibleRename[] = [];
  const taken = new Set<string>();
  for (const { compatible, ...candidate } of tableRenameCandidates(from, to)) {
    const target = qualifiedKey(candidate.schema, candidate.to);
    if (taken.has(target) || tables.some((t) => t.from === candidate.from && t.schema === candidate.schema))
      continue;
    const answer = await decide({ kind: "table", ...candidate, compatible });
    if (answer) {
      tables.push(candidate);
      taken.add(target);
    } else if (answer === undefined && compatible) possible.push({ kind: "table", ...candidate });
  }
  const renamedFrom = applyRenames(from, { tables, columns: [] });
  const columns: ColumnRename[] = [];
  for (const { compatible, ...candidate } of columnRenameCandidates(renamedFrom, to)) {
    const used = columns.some((c) => overlaps(c, candidate));
    if (used) continue;
    const answer = await decide({ kind: "column", ...candidate, compatible });
    if (answer) columns.push(candidate);
    else if (answer === undefined && compatible) possible.push({ kind: "column", ...candidate });
  }
  // A candidate asked before a later one was accepted may name the same object: that one is no longer a guess.
  const settled = (p: PossibleRename) =>
    p.kind === "table" ? tables.some((t) => overlaps(t, p)) : columns.some((c) => overlaps(c, p));
  return { tables, columns, possible: possible.filter((p) => !settled(p)) };
}

/** Two renames of the same object, or onto the same name (in the same table, for columns). */
function overlaps(a: TableRename | ColumnRename, b: TableRename | ColumnRename): boolean {
  const sameTable = !("table" in a) || !("table" in b) || a.table === b.table;
  return a.schema === b.schema && sameTable && (a.from === b.from || a.to === b.to);
}

/** A table that disappears and one that appears in the same schema; compatible with the same columns and types. */
export function tableRenameCandidates(from: Schema, to: Schema): (TableRename & { compatible: boolean })[] {
  const toKeys = new Set(to.tables.map((t) => qualifiedKey(t.schema, t.name)));
  const fromKeys = new Set(from.tables.map((t) => qualifiedKey(t.schema, t.name)));
  const removed = from.tables.filter((t) => !toKeys.has(qualifiedKey(t.schema, t.name)));
  const added = to.tables.filter((t) => !fromKeys.has(qualifiedKey(t.schema, t.name)));
  const sameColumnType = (a: string, b: string) => sameType(a, b) || sameEnumLabels(from, a, to, b);
  return removed.flatMap((old) =>
    added
      .filter((candidate) => candidate.schema === old.schema)
      .map((candidate) => ({
        schema: old.schema,
        from: old.name,
        to: candidate.name,
        compatible: sameShape(old, candidate, sameColumnType),
      })),
  );
}

/** Two enum types with the same labels: TypeORM renames `<table>_<column>_enum` along with the table. */
function sameEnumLabels(from: Schema, a: string, to: Schema, b: string): boolean {
  const labels = (schema: Schema, type: string) => {
    const bare = type.replace(/\[\]$/, "").split(".").pop()!.replaceAll('"', "");
    return schema.enums.find((e) => e.name === bare)?.values.join("\0");
  };
  const left = labels(from, a);
  return left !== undefined && left === labels(to, b) && a.endsWith("[]") === b.endsWith("[]");
}

/** In a table on both sides, a column that disappears and one that appears; compatible with the same type. */
export function columnRenameCandidates(from: Schema, to: Schema): (ColumnRename & { compatible: boolean })[] {
  const before = new Map(from.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  return to.tables.flatMap((after) => {
    const old = before.get(qualifiedKey(after.schema, after.name));
    // The same columns in the same order (nearly every table, nearly every time): no candidate.
    if (!old || sameColumnNames(old, after)) return [];
    const oldNames = new Set(old.columns.map((c) => c.name));
    const newNames = new Set(after.columns.map((c) => c.name));
    const removed = old.columns.filter((c) => !newNames.has(c.name));
    const added = after.columns.filter((c) => !oldNames.has(c.name));
    return removed.flatMap((gone) =>
      added.map((appeared) => ({
        schema: after.schema,
        table: after.name,
        from: gone.name,
        to: appeared.name,
        compatible: sameType(gone.type, appeared.type),
      })),
    );
  });
}

function sameColumnNames(a: Table, b: Table): boolean {
  return a.columns.length === b.columns.length && a.columns.every((c, i) => c.name === b.columns[i]!.name);
}

function sameShape(a: Table, b: Table, sameColumnType: (a: string, b: string) => boolean): boolean {
  if (a.columns.length !== b.columns.length) return false;
  const types = new Map(a.columns.map((c) => [c.name, c.type]));
  return b.columns.every((c) => types.has(c.name) && sameColumnType(types.get(c.name)!, c.type));
}

/**
 * The schema as it is after the renames ran: names changed wherever PostgreSQL follows a rename by
 * itself (constraint and index column lists, foreign keys that point at the table or column).
 */
export function applyRenames(schema: Schema, renames: Renames): Schema {
  if (renames.tables.length === 0 && renames.columns.length === 0) return schema;
  const newTableName = (tableSchema: string, name: string) =>
    renames.tables.find((r) => r.schema === tableSchema && r.from === name)?.to ?? name;
  const newColumnName = (tableSchema: string, table: string, name: string) =>
    renames.columns.find((r) => r.schema === tableSchema && r.table === table && r.from === name)?.to ?? name;

  return {
    ...schema,
    tables: schema.tables.map((original) => {
      const name = newTableName(original.schema, original.name);
      const column = (c: string) => newColumnName(original.schema, name, c);
      const columns = (list: readonly string[]) => list.map(column);
      return {
        ...original,
        name,
        columns: original.columns.map((c): Column => ({ ...c, name: column(c.name) })),
        ...(original.primaryKey
          ? { primaryKey: { ...original.primaryKey, columns: columns(original.primaryKey.columns) } }
          : {}),
        uniques: original.uniques.map((u) => ({ ...u, columns: columns(u.columns) })),
        indexes: original.indexes.map((i) => ({
          ...i,
          elements: i.elements.map((e) => (e.expression ? e : { ...e, value: column(e.value) })),
          include: columns(i.include),
        })),
        foreignKeys: original.foreignKeys.map((fk) => {
          const referencedTable = newTableName(fk.referencedSchema, fk.referencedTable);
          return {
            ...fk,
            columns: columns(fk.columns),
            referencedTable,
            referencedColumns: fk.referencedColumns.map((c) =>
              newColumnName(fk.referencedSchema, referencedTable, c),
            ),
          };
        }),
      };
    }),
  };
}
