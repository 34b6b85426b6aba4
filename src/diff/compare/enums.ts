/**
 * Enum types. New ones are created before the columns that use them and old ones dropped after the
 * tables that used them; a changed label list becomes one AlterEnum, which knows the columns it must
 * convert when labels go away.
 */
import type { EnumUsage } from "../../ops/operations.js";
import type { EnumType, Schema } from "../../schema/ir.js";
import { qualifiedKey } from "../../schema/ir.js";
import { quoteIdent } from "../../sql/quote.js";
import type { DiffContext } from "../context.js";
import { compareSets } from "./sets.js";

export function compareEnums(ctx: DiffContext, from: Schema, to: Schema): void {
  const defaultSchema = ctx.options.defaultSchema ?? "public";
  compareSets(from.enums, to.enums, (e) => qualifiedKey(e.schema, e.name), {
    added: (enumType) =>
      ctx.add("enums", { kind: "createEnum", enumType }, `Detected added enum '${enumType.name}'`),
    removed: (enumType) =>
      ctx.add("dropEnums", { kind: "dropEnum", enumType }, `Detected removed enum '${enumType.name}'`),
    both: (before, after) => {
      if (before.values.join("\0") === after.values.join("\0")) return;
      const removed = before.values.filter((v) => !after.values.includes(v));
      ctx.add(
        "enums",
        {
          kind: "alterEnum",
          schema: after.schema,
          name: after.name,
          from: before.values,
          to: after.values,
          usages: usagesOf(before, from, defaultSchema),
          ...(removed.length
            ? {
                hazards: [
                  {
                    kind: "failure-risk" as const,
                    reason:
                      `rows holding ${removed.map((v) => `'${v}'`).join(", ")} make this step fail; ` +
                      "update them first (op.execute) if those labels were renamed",
                  },
                ],
              }
            : {}),
        },
        `Detected changed labels of enum '${after.name}'`,
      );
    },
  });
}

/** The columns of `schema` whose type is `enumType` (or an array of it). */
function usagesOf(enumType: EnumType, schema: Schema, defaultSchema: string): EnumUsage[] {
  const printed = printedTypeName(enumType.schema, enumType.name, defaultSchema);
  return schema.tables.flatMap((table) =>
    table.columns
      .filter((column) => column.type === printed || column.type === `${printed}[]`)
      .map((column) => ({
        schema: table.schema,
        table: table.name,
        column: column.name,
        array: column.type.endsWith("[]"),
        ...(column.default !== undefined ? { default: column.default } : {}),
      })),
  );
}

/** A type's name as `format_type` prints it with the default schema on the search_path. */
function printedTypeName(schema: string, name: string, defaultSchema: string): string {
  const part = (identifier: string) =>
    /^[a-z_][a-z0-9_$]*$/.test(identifier) ? identifier : quoteIdent(identifier);
  return schema === defaultSchema ? part(name) : `${part(schema)}.${part(name)}`;
}
