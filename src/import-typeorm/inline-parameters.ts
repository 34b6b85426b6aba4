/**
 * A recorded query with its `$1, $2, …` parameters written into the text as quoted literals, so that
 * a migration file can replay it as one `op.execute("…")` string.
 *
 * Each value is first turned into the text `pg` itself would send for it (`prepareValue`: dates,
 * buffers, arrays, JSON objects), then quoted with the one literal helper. A quoted literal is of
 * unknown type until PostgreSQL resolves it from the context, just as an untyped parameter is, so the
 * statement means what it meant when TypeORM sent it. Placeholders inside string literals, quoted
 * identifiers, dollar-quoted bodies and comments are left alone.
 */
import { createRequire } from "node:module";
import { quoteLiteral } from "../sql/quote.js";

const { prepareValue } = createRequire(import.meta.url)("pg/lib/utils") as {
  prepareValue(value: unknown): string | Buffer | null;
};

export function literalOf(value: unknown): string {
  const text = prepareValue(value);
  if (text === null || text === undefined) return "NULL";
  // pg sends a Buffer as binary; its text form for bytea input is `\x` and the hex digits.
  return quoteLiteral(Buffer.isBuffer(text) ? `\\x${text.toString("hex")}` : String(text));
}

export function inlineParameters(query: string, parameters: readonly unknown[] | undefined): string {
  if (!parameters || parameters.length === 0) return query;
  let out = "";
  let i = 0;
  while (i < query.length) {
    const skipped = skipQuoted(query, i);
    if (skipped > i) {
      out += query.slice(i, skipped);
      i = skipped;
      continue;
    }
    const placeholder = /^\$(\d+)/.exec(query.slice(i, i + 12));
    const index = placeholder ? Number(placeholder[1]) - 1 : -1;
    if (placeholder && index >= 0 && index < parameters.length) {
      out += literalOf(parameters[index]);
      i += placeholder[0].length;
      continue;
    }
    out += query[i];
    i += 1;
  }
  return out;
}

/** The index just past the quoted text or comment starting at `at`, or `at` when there is none. */
function skipQuoted(query: string, at: number): number {
  const char = query[at];
  if (char === "'") {
    // E'…' strings take backslash escapes; plain ones only double their quotes.
    const escapes = /[eE]/.test(query[at - 1] ?? "") && !/\w/.test(query[at - 2] ?? "");
    return pastClosing(query, at + 1, "'", escapes);
  }
  if (char === '"') return pastClosing(query, at + 1, '"', false);
  const rest = query.slice(at, at + 2);
  if (rest === "--") {
    const end = query.indexOf("\n", at);
    return end === -1 ? query.length : end + 1;
  }
  if (rest === "/*") {
    const end = query.indexOf("*/", at + 2);
    return end === -1 ? query.length : end + 2;
  }
  const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(query.slice(at, at + 64));
  if (tag) {
    const end = query.indexOf(tag[0], at + tag[0].length);
    return end === -1 ? query.length : end + tag[0].length;
  }
  return at;
}

/** Past the `quote` that closes a quoted run starting at `from` (a doubled quote does not close it). */
function pastClosing(query: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from;
  while (i < query.length) {
    if (backslashEscapes && query[i] === "\\") i += 2;
    else if (query[i] === quote && query[i + 1] === quote) i += 2;
    else if (query[i] === quote) return i + 1;
    else i += 1;
  }
  return query.length;
}
