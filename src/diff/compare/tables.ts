import type { Schema } from "../../schema/ir.js";
import { qualifiedKey } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";
import { compareColumns } from "./columns.js";
import { comparePrimaryKey } from "./primary-key.js";
import { compareSets } from "./sets.js";

export function compareTables(ctx: DiffContext, from: Schema, to: Schema): void {
  compareSets(from.tables, to.tables, (t) => qualifiedKey(t.schema, t.name), {
    added: (table) =>
      ctx.add("createTables", { kind: "createTable", table }, `Detected added table '${table.name}'`),
    removed: (table) =>
      ctx.add(
        "dropTables",
        {
          kind: "dropTable",
          table,
          hazards: [
            {
              kind: "data-loss",
              reason: `no entity maps to table ${table.name}: dropping it deletes every row`,
            },
          ],
        },
        `Detected removed table '${table.name}'`,
      ),
    both: (before, after) => {
      compareColumns(ctx, before, after);
      comparePrimaryKey(ctx, before, after);
    },
  });
}
