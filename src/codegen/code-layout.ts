/**
 * How a call is laid out, as prettier lays out one that does not fit: on its line when the line stays
 * within MAX_LINE_WIDTH, otherwise one argument per line, each followed by a comma, and the same again
 * for an array or object argument whose line is still too long:
 *
 *   await op.createForeignKey(
 *     "FK_c6fb082a3114f35d0cc27c518e0",
 *     "post",
 *     ...
 *   );
 *
 * The renderers (./render-operation.ts) build the calls as `Code` and fix a layout where it is part of
 * the file's shape (a table's columns, one per line); writeCode() decides the rest and writes the lines
 * through the file's writer, which indents them.
 */
import { type CodeBlockWriter, INDENT_WIDTH } from "./code-writer.js";

/**
 * 120, not prettier's 80: a typical `alterColumn` with its `existingType` (105 to 115 characters) then
 * stays one line, read as one change, while a foreign key with its actions (150 and more) is wrapped.
 */
export const MAX_LINE_WIDTH = 120;

/** Code that stays on one line (a literal, `key: value`), or a bracketed group the layout may break. */
export type Code = string | Group;

export interface Group {
  /** Written before the bracket on the same line: a callee (`op.addColumn`), an object key (`uniques: `). */
  readonly label: string;
  readonly open: "(" | "[" | "{";
  readonly items: readonly Code[];
  readonly layout: Layout;
}

/**
 * - "fit": on one line when the line fits, else one item per line;
 * - "broken": one item per line, always;
 * - a number: on one line when its own text (the label aside) is at most that long and the line fits.
 */
export type Layout = "fit" | "broken" | number;

const CLOSE = { "(": ")", "[": "]", "{": "}" } as const;

export function call(callee: string, args: readonly Code[], layout: Layout = "fit"): Group {
  return { label: callee, open: "(", items: args, layout };
}

export function array(items: readonly Code[], layout: Layout = "fit"): Group {
  return { label: "", open: "[", items, layout };
}

/** `{ a: 1, b: "x" }` from ordered entries, skipping undefined values. */
export function object(entries: readonly [string, Code | undefined][], layout: Layout = "fit"): Group {
  const items: Code[] = [];
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    items.push(typeof value === "string" ? `${key}: ${value}` : labelled(`${key}: `, value));
  }
  return { label: "", open: "{", items, layout };
}

/** The same group with `prefix` written before its label (`await `, an object key). */
export function labelled(prefix: string, group: Group): Group {
  return { label: prefix + group.label, open: group.open, items: group.items, layout: group.layout };
}

/** The code on one line (a template literal keeps its own line breaks). */
export function inlineText(code: Code): string {
  if (typeof code === "string") return code;
  let text = code.label + code.open;
  const { items } = code;
  if (items.length > 0) {
    if (code.open === "{") text += " ";
    for (let i = 0; i < items.length; i++) text += (i > 0 ? ", " : "") + inlineText(items[i]!);
    if (code.open === "{") text += " ";
  }
  return text + CLOSE[code.open];
}

/**
 * Writes `code` and then `trailing` (`,` after an item, `;` after a statement) where the writer is, at
 * the start of a line.
 */
export function writeCode(writer: CodeBlockWriter, code: Code, trailing = ""): void {
  if (typeof code === "string") {
    writer.write(code + trailing);
    return;
  }
  if (!mustBreak(code)) {
    const inline = inlineText(code);
    if (!tooLong(code, inline, writer.getIndentationLevel() * INDENT_WIDTH, trailing)) {
      writer.write(inline + trailing);
      return;
    }
  }
  writer.write(code.label + code.open);
  // An empty group that must break (a table with no columns) keeps the blank line it always had.
  if (code.items.length === 0) writer.newLine().newLine();
  writer.indent(() => {
    for (const item of code.items) {
      writeCode(writer, item, ",");
      writer.newLine();
    }
  });
  writer.write(CLOSE[code.open] + trailing);
}

/** Broken wherever it is written: by its layout, or because something inside it is. */
function mustBreak(group: Group): boolean {
  const { layout } = group;
  if (layout === "broken") return true;
  if (typeof layout === "number" && inlineText(group).length - group.label.length > layout) return true;
  for (const item of group.items) if (typeof item === "object" && mustBreak(item)) return true;
  return false;
}

/** Whether the group, on one line from `column`, makes a line longer than MAX_LINE_WIDTH. */
function tooLong(group: Group, inline: string, column: number, trailing: string): boolean {
  // One literal on a line of its own would be as long as before.
  if (group.items.length < 2 && typeof group.items[0] !== "object") return false;
  // A template literal (a view's query) keeps its lines as PostgreSQL printed them: only the line it
  // starts on and the line it ends on are the call's.
  const firstBreak = inline.indexOf("\n");
  if (firstBreak === -1) return column + inline.length + trailing.length > MAX_LINE_WIDTH;
  const lastLine = inline.length - inline.lastIndexOf("\n") - 1;
  return column + firstBreak > MAX_LINE_WIDTH || lastLine + trailing.length > MAX_LINE_WIDTH;
}
