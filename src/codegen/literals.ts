/**
 * How text from the schema (names, defaults, comments, a view's query) is spelled in a migration file,
 * so that any text, quotes, backslashes and line breaks included, is one valid literal or comment.
 *
 * One rule on top of JavaScript's: a literal never ends in a backslash written as `\\`. The writer
 * (./code-writer.ts) follows strings by their quotes to know which line breaks it may indent, and it
 * takes a quote after a backslash for an escaped one; after `"C:\\"` it would think the string still
 * open, and a later backtick on the line would leave every following line unindented. The last
 * backslash is written `\u005c` instead: the same string, which the writer reads right.
 */

const ESCAPED_TRAILING_BACKSLASH = "\\u005c";

/** A double-quoted string literal (JSON's escapes). */
export function stringLiteral(text: string): string {
  const literal = JSON.stringify(text);
  return text.endsWith("\\") ? `${literal.slice(0, -3)}${ESCAPED_TRAILING_BACKSLASH}"` : literal;
}

/**
 * Multi-line SQL (a view's query) as a template literal, so that it reads as PostgreSQL printed it;
 * a single line as a string literal.
 */
export function sqlLiteral(text: string): string {
  if (!text.includes("\n")) return stringLiteral(text);
  const escaped = text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${");
  return `\`${text.endsWith("\\") ? `${escaped.slice(0, -2)}${ESCAPED_TRAILING_BACKSLASH}` : escaped}\``;
}

/**
 * The text of a `//` comment, kept to its line: a line break in a name (PostgreSQL allows one) would
 * end the comment and turn the rest of the name into code, so it is written as `\n`.
 */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, (lineBreak) => LINE_BREAKS[lineBreak]!);
}

const LINE_BREAKS: Record<string, string> = {
  "\n": "\\n",
  "\r": "\\r",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};
