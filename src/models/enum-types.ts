/**
 * The enum types of the model, collected column by column. One type may be named by several columns
 * (`enumName`), and a column may name it without listing its labels: synchronize() creates the type
 * once, from the first table that uses it (in metadata order, the order columns are added here), so
 * the labels are those of the first column that lists them, not of the last one seen.
 */
import { RetortError } from "../errors.js";
import type { EnumType } from "../schema/ir.js";
import { byQualifiedName, qualifiedKey } from "../schema/ir.js";

export class EnumTypes {
  readonly #types = new Map<string, EnumType>();
  /** The first column naming each type, for the message when none lists its labels. */
  readonly #firstUse = new Map<string, string>();

  /** Records that `column` (`table.column`) uses `enumType`, with the labels that column lists. */
  add(enumType: EnumType, column: string): void {
    const key = qualifiedKey(enumType.schema, enumType.name);
    const known = this.#types.get(key);
    if (!known || (known.values.length === 0 && enumType.values.length > 0)) this.#types.set(key, enumType);
    if (!this.#firstUse.has(key)) this.#firstUse.set(key, column);
  }

  /**
   * The types, sorted. A type no column lists labels for is refused: retort would create it empty
   * (and synchronize() fails on it with a TypeError).
   */
  list(): EnumType[] {
    for (const [key, type] of this.#types) {
      if (type.values.length > 0) continue;
      throw new RetortError(
        `The enum type ${type.name} (named by the column ${this.#firstUse.get(key)}) has no values: no ` +
          "column that names it lists them. Give one of its columns `enum: [...]`.",
      );
    }
    return [...this.#types.values()].sort(byQualifiedName);
  }
}
