/**
 * PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1) and silently drops the rest, cut at
 * a whole character. A statement may name an object by its long name and still reach it, but retort
 * also compares names, matches type names in text and builds names of its own from others: all of
 * that must use the name the server stores, or a long name makes a phantom diff, a type that "does not
 * exist", or a derived name that truncates back into the original.
 */

export const MAX_IDENTIFIER_BYTES = 63;

/** The name as PostgreSQL stores it: cut to 63 bytes, never in the middle of a character. */
export function storedName(name: string): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8: 21 units always fit, without measuring.
  if (name.length * 3 <= MAX_IDENTIFIER_BYTES) return name;
  return clip(name, MAX_IDENTIFIER_BYTES);
}

/**
 * The name PostgreSQL gives an object it derives from others (`<table>_<column>_seq` for a serial's
 * sequence), as its makeObjectName() builds it: the label always survives whole, and the longer of
 * the two names is shortened first. For short names this is the plain `<first>_<second>_<label>`.
 * (PostgreSQL then adds a digit to the label if that name is taken; retort does not look.)
 */
export function derivedName(first: string, second: string | undefined, label: string): string {
  let firstBytes = Buffer.byteLength(first, "utf8");
  let secondBytes = second === undefined ? 0 : Buffer.byteLength(second, "utf8");
  const overhead = (second === undefined ? 0 : 1) + Buffer.byteLength(label, "utf8") + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  while (firstBytes + secondBytes > available) {
    if (firstBytes > secondBytes) firstBytes--;
    else secondBytes--;
  }
  const parts = [clip(first, firstBytes), ...(second === undefined ? [] : [clip(second, secondBytes)])];
  return [...parts, label].join("_");
}

/** The longest prefix of `name` within `bytes` bytes that ends on a whole character. */
function clip(name: string, bytes: number): string {
  if (Buffer.byteLength(name, "utf8") <= bytes) return name;
  let used = 0;
  let cut = "";
  for (const character of name) {
    used += Buffer.byteLength(character, "utf8");
    if (used > bytes) break;
    cut += character;
  }
  return cut;
}
