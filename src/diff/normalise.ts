/**
 * The differ's last line of defence against phantom diffs. Both readers already let PostgreSQL spell
 * types and expressions, so most of this is a no-op in practice; it matters for IRs built by hand
 * (tests, library users) and for spellings PostgreSQL itself keeps apart although they mean the same.
 */

const TYPE_ALIASES: Record<string, string> = {
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  serial4: "integer",
  bigserial: "bigint",
  serial8: "bigint",
  bool: "boolean",
  varchar: "character varying",
  char: "character",
  bpchar: "character",
  float8: "double precision",
  float4: "real",
  float: "double precision",
  decimal: "numeric",
  timestamptz: "timestamp with time zone",
  timestamp: "timestamp without time zone",
  timetz: "time with time zone",
  time: "time without time zone",
  varbit: "bit varying",
};

/** `varchar(50)` → `character varying(50)`, `TIMESTAMP(3) WITH TIME ZONE` → `timestamp(3) with time zone`. */
export function normaliseType(type: string): string {
  const lower = type.trim().replace(/\s+/g, " ").toLowerCase();
  const array = /(\[\]| array)$/.exec(lower);
  const body = array ? lower.slice(0, -array[0].length).trim() : lower;
  const match = /^([a-z0-9_ ]+?)\s*(\([\d,\s]+\))?((?: with| without) time zone)?$/.exec(body);
  if (!match) return type;
  const [, name = "", modifier = "", zone = ""] = match;
  // `timestamp` alone means without time zone; with an explicit zone the name is already canonical.
  const base = zone ? name : (TYPE_ALIASES[name] ?? name);
  const mod = modifier.replace(/\s+/g, "");
  const normalised =
    zone || !/^(timestamp|time) with(out)? time zone$/.test(base)
      ? `${base}${mod}${zone}`
      : base.replace(/^(timestamp|time)( with(out)? time zone)$/, `$1${mod}$2`);
  return `${normalised}${array ? "[]" : ""}`;
}

/** Expressions PostgreSQL prints differently although they are the same function. */
const SAME_FUNCTIONS: [RegExp, string][] = [
  [/^(current_timestamp|transaction_timestamp\(\)|now\(\))$/i, "now()"],
  [/^(current_date)$/i, "CURRENT_DATE"],
];

/**
 * A default with a cast to the column's own type removed and literals unquoted where the quotes
 * change nothing: `'a'::character varying` ≡ `'a'`, `'0'::numeric` ≡ `0`, `'-1'::integer` ≡ `-1`,
 * `CURRENT_TIMESTAMP` ≡ `now()`.
 */
export function normaliseDefault(expression: string | undefined, columnType: string): string | undefined {
  if (expression === undefined) return undefined;
  let text = expression.trim();
  while (text.startsWith("(") && text.endsWith(")") && balanced(text.slice(1, -1)))
    text = text.slice(1, -1).trim();
  const cast = /^(.*)::([a-z][a-z0-9_ ]*(?:\([\d,\s]+\))?(?: with(?:out)? time zone)?(?:\[\])?)$/i.exec(text);
  if (cast && sameBaseType(normaliseType(cast[2]!), normaliseType(columnType))) text = cast[1]!.trim();
  const numeric = /^'(-?\d+(?:\.\d+)?)'$/.exec(text);
  if (numeric) text = numeric[1]!;
  for (const [pattern, canonical] of SAME_FUNCTIONS) if (pattern.test(text)) return canonical;
  return text;
}

export function sameType(a: string, b: string): boolean {
  return a === b || normaliseType(a) === normaliseType(b);
}

export function sameDefault(a: string | undefined, b: string | undefined, columnType: string): boolean {
  return a === b || normaliseDefault(a, columnType) === normaliseDefault(b, columnType);
}

/** A cast to `character varying` says the same as one to `character varying(255)` about a literal. */
function sameBaseType(a: string, b: string): boolean {
  const strip = (t: string) => t.replace(/\([\d,]+\)/, "");
  return strip(a) === strip(b);
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}
