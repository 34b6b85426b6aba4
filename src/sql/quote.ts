/**
 * The one place identifiers and literals become SQL text. Every renderer calls these; nothing else
 * pastes a name or a value into a statement.
 */

/** `"name"` with embedded quotes doubled: a table called `a"; drop table x; --` stays one identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"`: always qualified, so a statement means the same whatever the search_path is. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * A string literal. Uses the `E''` form only when a backslash is present, so the text means the same
 * whatever `standard_conforming_strings` is set to.
 */
export function quoteLiteral(value: string): string {
  const body = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${body.replaceAll("\\", "\\\\")}'` : `'${body}'`;
}

/** A `text[]` literal: `'{"public.a","b\\"c"}'::text[]`. */
export function quoteTextArray(values: readonly string[]): string {
  const elements = values.map((value) => `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`);
  return `${quoteLiteral(`{${elements.join(",")}}`)}::text[]`;
}

/**
 * An identifier as PostgreSQL prints it in its own output (`format_type`, `pg_get_expr`,
 * `pg_get_constraintdef`): bare when it is a plain lower-case name, quoted otherwise. For comparing
 * with and writing text that PostgreSQL produced, not for building statements (use quoteIdent).
 */
export function printedIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}
