/**
 * Long `op.*` calls, one argument per line, as prettier lays out a call that does not fit:
 *
 *   await op.createForeignKey(
 *     "FK_c6fb082a3114f35d0cc27c518e0",
 *     "post",
 *     ...
 *   );
 *
 * The renderers write each call on one line (tests pin those lines); this is layout only, applied
 * when the file is assembled, since ts-morph's formatter indents but never wraps.
 */

/**
 * Calls longer than this (with the function body's two-space indent) are wrapped. 120, not prettier's
 * 80: a typical `alterColumn` with its `existingType` (105 to 115 characters) then stays one line, read
 * as one change, while a foreign key with its actions (150 and more) is wrapped.
 */
export const MAX_LINE_WIDTH = 120;

const CALL = /^(await op\.\w+)\((.*)\);$/s;

export function wrapLongCall(statement: string, indent = 2, maxWidth = MAX_LINE_WIDTH): string {
  const lines = statement.split("\n");
  const last = lines.at(-1)!;
  if (indent + last.length <= maxWidth) return statement;
  const match = CALL.exec(last);
  // A call already spread over several lines (a table, a view's query) keeps the renderer's layout.
  if (!match || lines.some((line) => !line.startsWith("//") && line !== last)) return statement;
  const args = topLevelArguments(match[2]!);
  if (args === undefined || args.length < 2) return statement;
  return [...lines.slice(0, -1), `${match[1]}(`, ...args.map((arg) => `  ${arg},`), ");"].join("\n");
}

/** Splits `a, [b, c], { d: "e, f" }` at its top-level commas; undefined when it cannot tell. */
function topLevelArguments(text: string): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (quote || depth !== 0) return undefined;
  args.push(text.slice(start).trim());
  return args;
}
