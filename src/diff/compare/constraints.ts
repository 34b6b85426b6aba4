/**
 * Uniques, checks, exclusions, foreign keys and indexes of a table that exists on both sides. Each is
 * identified by name; one whose definition changed is dropped and added again (renames are a later
 * concern: a new name is a new constraint).
 */
import type { Operation } from "../../ops/operations.js";
import type { Table } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
import { sameData } from "./same-data.js";
import { compareSets } from "./sets.js";

type Phase = keyof DiffContext["phases"];

interface ConstraintKind<T extends { name: string }> {
  readonly label: string;
  readonly of: (table: Table) => readonly T[];
  readonly add: (schema: string, table: string, item: T) => Operation;
  readonly drop: (schema: string, table: string, item: T) => Operation;
  readonly addPhase: Phase;
  readonly dropPhase: Phase;
}

const same = sameData;

const CONSTRAINT_KINDS = [
  {
    label: "unique constraint",
    of: (t: Table) => t.uniques,
    add: (schema, table, unique) => ({ kind: "addUnique", schema, table, unique }),
    drop: (schema, table, unique) => ({ kind: "dropUnique", schema, table, unique }),
    addPhase: "addConstraints",
    dropPhase: "dropConstraints",
  } satisfies ConstraintKind<Table["uniques"][number]>,
  {
    label: "check constraint",
    of: (t: Table) => t.checks,
    add: (schema, table, check) => ({ kind: "addCheck", schema, table, check }),
    drop: (schema, table, check) => ({ kind: "dropCheck", schema, table, check }),
    addPhase: "addConstraints",
    dropPhase: "dropConstraints",
  } satisfies ConstraintKind<Table["checks"][number]>,
  {
    label: "exclusion constraint",
    of: (t: Table) => t.exclusions,
    add: (schema, table, exclusion) => ({ kind: "addExclusion", schema, table, exclusion }),
    drop: (schema, table, exclusion) => ({ kind: "dropExclusion", schema, table, exclusion }),
    addPhase: "addConstraints",
    dropPhase: "dropConstraints",
  } satisfies ConstraintKind<Table["exclusions"][number]>,
  {
    label: "index",
    of: (t: Table) => t.indexes,
    add: (schema, table, index) => ({ kind: "createIndex", schema, table, index }),
    drop: (schema, table, index) => ({ kind: "dropIndex", schema, table, index }),
    addPhase: "createIndexes",
    dropPhase: "dropIndexes",
  } satisfies ConstraintKind<Table["indexes"][number]>,
  {
    label: "foreign key",
    of: (t: Table) => t.foreignKeys,
    add: (schema, table, foreignKey) => ({ kind: "addForeignKey", schema, table, foreignKey }),
    drop: (schema, table, foreignKey) => ({ kind: "dropForeignKey", schema, table, foreignKey }),
    addPhase: "addForeignKeys",
    dropPhase: "dropForeignKeys",
  } satisfies ConstraintKind<Table["foreignKeys"][number]>,
] as const;

export function compareConstraints(ctx: DiffContext, from: Table, to: Table): void {
  // Each entry is typed for its own item; the loop only moves items between of() and add()/drop().
  for (const kind of CONSTRAINT_KINDS as unknown as readonly ConstraintKind<{ name: string }>[]) {
    const before = kind.of(from);
    const after = kind.of(to);
    // Most tables have no checks, exclusions or uniques: nothing to pair up.
    if (before.length === 0 && after.length === 0) continue;
    const where = (name: string) => `${kind.label} '${name}' on '${to.name}'`;
    const added: { name: string }[] = [];
    const removed: { name: string }[] = [];
    compareSets(before, after, (c) => c.name, {
      added: (item) => added.push(item),
      removed: (item) => removed.push(item),
      both: (old, now) => {
        if (same(old, now)) return;
        removed.push(old);
        added.push(now);
      },
    });
    // The same definition under another name is a rename (TypeORM's names hash the table name, so
    // they all change with it): rename it instead of rebuilding an index or re-validating a key.
    if (removed.length > 0 && added.length > 0)
      for (const gone of [...removed]) {
        const twin = added.find(
          (a) => a.name !== gone.name && same({ ...a, name: "" }, { ...gone, name: "" }),
        );
        if (!twin) continue;
        removed.splice(removed.indexOf(gone), 1);
        added.splice(added.indexOf(twin), 1);
        const rename: Operation =
          kind.label === "index"
            ? { kind: "renameIndex", schema: to.schema, from: gone.name, to: twin.name }
            : { kind: "renameConstraint", schema: to.schema, table: to.name, from: gone.name, to: twin.name };
        ctx.add(
          "renames",
          rename,
          `Detected renamed ${kind.label} '${gone.name}' to '${twin.name}' on '${to.name}'`,
        );
      }
    for (const item of removed)
      ctx.add(
        kind.dropPhase,
        kind.drop(from.schema, from.name, item),
        `Detected removed ${where(item.name)}`,
      );
    for (const item of added)
      ctx.add(kind.addPhase, kind.add(to.schema, to.name, item), `Detected added ${where(item.name)}`);
  }
}

/** The separate operations that come with a created table (indexes, foreign keys), or go before a dropped one. */
export function attachedOperations(table: Table, direction: "create" | "drop"): [Phase, Operation][] {
  const indexes = table.indexes.map((index): [Phase, Operation] =>
    direction === "create"
      ? ["createIndexes", { kind: "createIndex", schema: table.schema, table: table.name, index }]
      : ["dropIndexes", { kind: "dropIndex", schema: table.schema, table: table.name, index }],
  );
  const foreignKeys = table.foreignKeys.map((foreignKey): [Phase, Operation] =>
    direction === "create"
      ? ["addForeignKeys", { kind: "addForeignKey", schema: table.schema, table: table.name, foreignKey }]
      : ["dropForeignKeys", { kind: "dropForeignKey", schema: table.schema, table: table.name, foreignKey }],
  );
  return [...indexes, ...foreignKeys];
}
