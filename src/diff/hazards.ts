/**
 * Hazards: what a reviewer must know before applying an operation, each with a short reason. They are
 * written as comments above the call in the generated file, printed in the CLI summary, and checked by
 * `--fail-on-hazard`. A pure pass over the operations; what only the database knows (which tables
 * hold rows, which are large) comes in as facts.
 */
import type { AlterEnumOp, Hazard, HazardKind, Operation } from "../ops/operations.js";
import { type Index, qualifiedKey } from "../schema/ir.js";

export interface TableFacts {
  /** `schema.table` keys of existing tables that hold at least one row. */
  readonly withRows: ReadonlySet<string>;
  /** `schema.table` keys of existing tables large enough that a full scan under lock hurts. */
  readonly large: ReadonlySet<string>;
}

/** No facts: the tables are assumed empty (a shadow database, a downgrade read without a database). */
export const NO_FACTS: TableFacts = { withRows: new Set(), large: new Set() };

export const HAZARD_KINDS: readonly HazardKind[] = [
  "data-loss",
  "table-rewrite",
  "long-lock",
  "failure-risk",
];

/** The operations with every hazard that applies added (hazards already on an operation are kept). */
export function annotateHazards(ops: readonly Operation[], facts: TableFacts = NO_FACTS): Operation[] {
  const created = new Set(
    ops.flatMap((op) => (op.kind === "createTable" ? [qualifiedKey(op.table.schema, op.table.name)] : [])),
  );
  return ops.map((op) => {
    const found = hazardsOf(op, facts, created);
    if (found.length === 0) return op;
    const existing = op.hazards ?? [];
    const merged = [...existing, ...found.filter((h) => !existing.some((e) => e.kind === h.kind))];
    return { ...op, hazards: merged };
  });
}

/** Tables whose row facts matter for these operations: existing tables that gain constraints or NOT NULL. */
export function tablesNeedingFacts(ops: readonly Operation[]): { schema: string; table: string }[] {
  const keys = new Map<string, { schema: string; table: string }>();
  for (const op of ops) {
    if (
      op.kind === "alterColumn" ||
      op.kind === "addColumn" ||
      op.kind === "createIndex" ||
      op.kind === "addForeignKey" ||
      op.kind === "addCheck"
    ) {
      keys.set(qualifiedKey(op.schema, op.table), { schema: op.schema, table: op.table });
    }
  }
  return [...keys.values()];
}

function hazardsOf(op: Operation, facts: TableFacts, created: ReadonlySet<string>): Hazard[] {
  const hazard = (kind: HazardKind, reason: string): Hazard => ({ kind, reason });
  const tableKey =
    "table" in op && typeof op.table === "string" && "schema" in op ? qualifiedKey(op.schema, op.table) : "";
  const existing = tableKey !== "" && !created.has(tableKey);
  const hasRows = existing && facts.withRows.has(tableKey);
  const large = existing && facts.large.has(tableKey);
  switch (op.kind) {
    case "alterColumn": {
      const found: Hazard[] = [];
      const where = `${op.table}.${op.column}`;
      if (op.modify.type !== undefined) {
        const effect = typeChangeEffect(op.existing.type, op.modify.type);
        if (effect.narrowing) {
          found.push(
            hazard(
              "data-loss",
              `${where} narrows from ${op.existing.type} to ${op.modify.type}: values may be cut or rejected`,
            ),
          );
        }
        if (effect.rewrite)
          found.push(
            hazard(
              "table-rewrite",
              `${where}: ${op.existing.type} → ${op.modify.type} rewrites every row of ${op.table}`,
            ),
          );
      }
      if (op.modify.nullable === false) {
        if (hasRows)
          found.push(
            hazard("failure-risk", `${where}: SET NOT NULL fails if any row of ${op.table} holds NULL`),
          );
        if (large)
          found.push(
            hazard("long-lock", `${where}: SET NOT NULL scans all of ${op.table} under an exclusive lock`),
          );
      }
      return found;
    }
    case "addColumn": {
      const c = op.column;
      const filled = c.nullable || c.default !== undefined || c.identity || c.serial || c.generated;
      return !filled && hasRows
        ? [
            hazard(
              "failure-risk",
              `${op.table}.${c.name}: ${op.table} has rows, and a NOT NULL column with no default cannot be added`,
            ),
          ]
        : [];
    }
    case "createIndex":
      return hasRows
        ? [
            hazard(
              "long-lock",
              `building ${op.index.name} on ${op.table} (${indexColumns(op.index)}) blocks writes to ${op.table} (--online builds it CONCURRENTLY)`,
            ),
          ]
        : [];
    case "addForeignKey":
      return hasRows
        ? [
            hazard(
              "long-lock",
              `validating ${op.foreignKey.name} on ${op.table} (${op.foreignKey.columns.join(", ")}) scans ${op.table} under lock (--online adds it NOT VALID first)`,
            ),
          ]
        : [];
    case "addCheck":
      return hasRows
        ? [
            hazard(
              "long-lock",
              `validating ${op.check.name} on ${op.table} scans ${op.table} under lock (--online adds it NOT VALID first)`,
            ),
          ]
        : [];
    case "alterSequence": {
      const narrower = INTEGER_WIDTH[op.dataType];
      const wider = INTEGER_WIDTH[op.existingDataType];
      return narrower !== undefined && wider !== undefined && narrower < wider
        ? [
            hazard(
              "failure-risk",
              `${op.name} AS ${op.dataType} fails if the sequence has already passed the largest ${op.dataType}`,
            ),
          ]
        : [];
    }
    case "alterEnum": {
      const removed = op.from.filter((label) => !op.to.includes(label));
      return removed.length
        ? [
            hazard(
              "data-loss",
              `labels ${removed.map((l) => `'${l}'`).join(", ")} of ${op.name} are removed${usedBy(op)}`,
            ),
          ]
        : [];
    }
    default:
      return [];
  }
}

/** The index's columns (or expressions), as a reader looks for them: `email, lower(name)`. */
function indexColumns(index: Index): string {
  return index.elements.map((e) => e.value).join(", ");
}

/** ` (used by users.role, posts.tags)`: the columns whose values the enum change is about; else nothing. */
function usedBy(op: AlterEnumOp): string {
  if (op.usages.length === 0) return "";
  return ` (used by ${op.usages.map((u) => `${u.table}.${u.column}`).join(", ")})`;
}

interface TypeChangeEffect {
  readonly narrowing: boolean;
  readonly rewrite: boolean;
}

const INTEGER_WIDTH: Record<string, number> = { smallint: 2, integer: 4, bigint: 8 };

/**
 * What `ALTER COLUMN ... TYPE` does to the rows. PostgreSQL changes only the catalog for widening a
 * length or precision limit, dropping a limit, and varchar ↔ text; every other change rewrites the
 * table. Narrowing a limit or an integer width can cut or reject values.
 */
export function typeChangeEffect(from: string, to: string): TypeChangeEffect {
  const a = parseType(from);
  const b = parseType(to);
  if (a.array !== b.array) return { narrowing: a.array, rewrite: true };
  const strings = ["character varying", "text"];
  if (strings.includes(a.base) && strings.includes(b.base)) {
    const narrowing = b.limit !== undefined && (a.limit === undefined || b.limit[0]! < a.limit[0]!);
    return { narrowing, rewrite: false };
  }
  if (a.base === b.base) {
    if (b.limit === undefined) return { narrowing: false, rewrite: false };
    if (a.limit === undefined) return { narrowing: true, rewrite: a.base === "numeric" };
    const [p1 = 0, s1 = 0] = a.limit;
    const [p2 = 0, s2 = 0] = b.limit;
    if (a.base === "numeric") {
      const narrowing = p2 - s2 < p1 - s1 || s2 < s1;
      return { narrowing, rewrite: s2 !== s1 };
    }
    return { narrowing: p2 < p1, rewrite: false };
  }
  const widthA = INTEGER_WIDTH[a.base];
  const widthB = INTEGER_WIDTH[b.base];
  if (widthA !== undefined && widthB !== undefined) return { narrowing: widthB < widthA, rewrite: true };
  return { narrowing: false, rewrite: true };
}

function parseType(type: string): { base: string; limit?: number[]; array: boolean } {
  const array = type.endsWith("[]");
  const text = array ? type.slice(0, -2) : type;
  const limitMatch = /\(([\d,\s]+)\)/.exec(text);
  const base = text
    .replace(/\([\d,\s]+\)/, "")
    .replace(/\s+/g, " ")
    .trim();
  return {
    base,
    array,
    ...(limitMatch ? { limit: limitMatch[1]!.split(",").map((n) => Number(n.trim())) } : {}),
  };
}
