/**
 * Enum types. New ones are created before the columns that use them and old ones dropped after the
 * tables that used them; a changed label list becomes one AlterEnum, which knows the columns it must
 * convert when labels go away.
 */
import type { EnumUsage } from "../../ops/operations.js";
import type { EnumType, Schema } from "../../schema/ir.js";
import { qualifiedKey } from "../../schema/ir.js";
import { printedIdent } from "../../sql/quote.js";
import type { DiffContext } from "../context.js";
import { compareSets } from "./sets.js";

/**
 * Returns `from` with the enum renames it found applied: an enum that disappears while one with the
 * same labels appears in the same schema is renamed (TypeORM names enums after their table and column,
 * so a table or column rename renames its enum). The columns of `from` then name the new type, so
 * they compare equal to the model's.
 */
export function compareEnums(ctx: DiffContext, original: Schema, to: Schema): Schema {
  const defaultSchema = ctx.options.defaultSchema ?? "public";
  const from = applyEnumRenames(ctx, original, to, defaultSchema);
  compareSets(from.enums, to.enums, (e) => qualifiedKey(e.schema, e.name), {
    added: (enumType) =>
      ctx.add("enums", { kind: "createEnum", enumType }, `Detected added enum '${enumType.name}'`),
    removed: (enumType) =>
      ctx.add("dropEnums", { kind: "dropEnum", enumType }, `Detected removed enum '${enumType.name}'`),
    both: (before, after) => {
      if (before.values.join("\0") === after.values.join("\0")) return;
      const removed = before.values.filter((v) => !after.values.includes(v));
      const usages = usagesOf(before, from, defaultSchema);
      // The columns by name, so a reviewer knows which rows to look at.
      const holders = usages.length
        ? `rows of ${usages.map((u) => `${u.table}.${u.column}`).join(", ")}`
        : "rows";
      ctx.add(
        "enums",
        {
          kind: "alterEnum",
          schema: after.schema,
          name: after.name,
          from: before.values,
          to: after.values,
          usages,
          ...(removed.length
            ? {
                hazards: [
                  {
                    kind: "failure-risk" as const,
                    reason:
                      `${holders} holding ${removed.map((v) => `'${v}'`).join(", ")} make this step fail; ` +
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
  return from;
}

function applyEnumRenames(ctx: DiffContext, from: Schema, to: Schema, defaultSchema: string): Schema {
  const key = (e: EnumType) => qualifiedKey(e.schema, e.name);
  const toKeys = new Set(to.enums.map(key));
  const fromKeys = new Set(from.enums.map(key));
  const removed = from.enums.filter((e) => !toKeys.has(key(e)));
  const added = to.enums.filter((e) => !fromKeys.has(key(e)));
  const labels = (e: EnumType) => `${e.schema}\0${e.values.join("\0")}`;
  const pairs: [EnumType, EnumType][] = [];
  for (const old of removed) {
    const matches = added.filter((e) => labels(e) === labels(old));
    const rivals = removed.filter((e) => labels(e) === labels(old));
    // Only an unambiguous one-to-one match is a rename; anything else stays drop + create.
    if (matches.length === 1 && rivals.length === 1) pairs.push([old, matches[0]!]);
  }
  if (pairs.length === 0) return from;
  const typeNames = new Map<string, string>();
  for (const [old, renamed] of pairs) {
    ctx.add(
      "renames",
      { kind: "renameEnum", schema: old.schema, from: old.name, to: renamed.name },
      `Detected renamed enum '${old.name}' to '${renamed.name}'`,
    );
    typeNames.set(
      printedTypeName(old.schema, old.name, defaultSchema),
      printedTypeName(renamed.schema, renamed.name, defaultSchema),
    );
  }
  const retype = (type: string) => {
    const array = type.endsWith("[]");
    const renamed = typeNames.get(array ? type.slice(0, -2) : type);
    return renamed === undefined ? type : `${renamed}${array ? "[]" : ""}`;
  };
  const renamedEnums = new Map(pairs.map(([old, renamed]) => [key(old), renamed.name]));
  return {
    ...from,
    enums: from.enums.map((e) => ({ ...e, name: renamedEnums.get(key(e)) ?? e.name })),
    tables: from.tables.map((t) => ({
      ...t,
      columns: t.columns.map((c) => ({
        ...c,
        type: retype(c.type),
        // A default names its type (`'a'::old_enum`): it follows the rename too.
        ...(c.default !== undefined ? { default: renameInText(c.default, typeNames) } : {}),
      })),
    })),
  };
}

function renameInText(text: string, names: Map<string, string>): string {
  let out = text;
  for (const [old, renamed] of names) out = out.replaceAll(`::${old}`, `::${renamed}`);
  return out;
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
  return schema === defaultSchema ? printedIdent(name) : `${printedIdent(schema)}.${printedIdent(name)}`;
}
