import type { PrimaryKey, Table } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";

export function comparePrimaryKey(ctx: DiffContext, from: Table, to: Table): void {
  if (samePrimaryKey(from.primaryKey, to.primaryKey)) return;
  const { schema, name: table } = to;
  if (from.primaryKey && to.primaryKey && sameColumns(from.primaryKey, to.primaryKey)) {
    ctx.add(
      "renames",
      { kind: "renameConstraint", schema, table, from: from.primaryKey.name, to: to.primaryKey.name },
      `Detected renamed primary key '${from.primaryKey.name}' to '${to.primaryKey.name}' on '${table}'`,
    );
    return;
  }
  if (from.primaryKey) {
    ctx.add(
      "dropConstraints",
      { kind: "dropPrimaryKey", schema, table, primaryKey: from.primaryKey },
      `Detected removed primary key '${from.primaryKey.name}' on '${table}'`,
    );
  }
  if (to.primaryKey) {
    ctx.add(
      "addConstraints",
      { kind: "addPrimaryKey", schema, table, primaryKey: to.primaryKey },
      `Detected added primary key '${to.primaryKey.name}' on '${table}'(${to.primaryKey.columns.join(", ")})`,
    );
  }
}

function samePrimaryKey(a: PrimaryKey | undefined, b: PrimaryKey | undefined): boolean {
  if (!a || !b) return a === b;
  return a.name === b.name && sameColumns(a, b);
}

function sameColumns(a: PrimaryKey, b: PrimaryKey): boolean {
  return a.columns.join("\0") === b.columns.join("\0");
}
