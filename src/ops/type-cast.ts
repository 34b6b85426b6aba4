import { quoteIdent } from "../sql/quote.js";

/**
 * Whether `ALTER COLUMN ... TYPE to` needs a `USING` clause when the column is `from` today.
 *
 * PostgreSQL converts in place without one when an implicit or assignment cast exists: the same base
 * type with other modifiers (varchar(50) → varchar(255), numeric(10,2) → numeric(12,2)), integer
 * widening and narrowing, and anything to text/varchar. Everything else (text → integer, varchar →
 * uuid, ...) needs an explicit cast, which we write as `USING "col"::<to>` so the reviewer sees it.
 */
export function usingFor(column: string, from: string, to: string): string | undefined {
  const name = quoteIdent(column);
  // A scalar becomes a one-element array, and an array keeps its first element: no cast does either.
  if (!isArray(from) && isArray(to)) return `ARRAY[${name}]::${to}`;
  if (isArray(from) && !isArray(to)) return `(${name})[1]::${to}`;
  return needsUsing(from, to) ? `${name}::${to}` : undefined;
}

function needsUsing(from: string, to: string): boolean {
  const a = baseType(from);
  const b = baseType(to);
  if (a === b) return false;
  if (isArray(from) !== isArray(to)) return true;
  if (STRINGS.has(b)) return false;
  if (NUMBERS.has(a) && NUMBERS.has(b)) return false;
  if (TIMES.has(a) && TIMES.has(b)) return false;
  return true;
}

const STRINGS = new Set(["text", "character varying", "character", "bpchar"]);
const NUMBERS = new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]);
const TIMES = new Set(["timestamp without time zone", "timestamp with time zone", "date"]);

/** `character varying(255)` → `character varying`; `timestamp(3) with time zone` → `timestamp with time zone`. */
function baseType(type: string): string {
  return type
    .replace(/\[\]$/g, "")
    .replace(/\(\s*\d+(\s*,\s*\d+)?\s*\)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function isArray(type: string): boolean {
  return type.endsWith("[]");
}
