/**
 * Names PostgreSQL makes up for objects nobody named: the sequence of a `serial` or identity column is
 * `<table>_<column>_seq` (ChooseRelationName in the server's indexcmds.c, through makeObjectName).
 * retort must give a sequence the name the server would, because TypeORM's synchronize() lets the
 * server choose it and that catalog is the one retort's migrations must reach.
 */

/** NAMEDATALEN - 1: the bytes a name may have. */
const MAX_NAME_BYTES = 63;

/**
 * makeObjectName: `name1_name2_label` in at most 63 bytes. When too long, the server does not cut the
 * whole string (that would lose the label): it shortens the longer of the two names a byte at a time
 * until they fit, then backs each off to a character boundary.
 */
export function makeObjectName(name1: string, name2: string, label: string): string {
  const available = MAX_NAME_BYTES - (label.length + 2);
  let bytes1 = Buffer.byteLength(name1, "utf8");
  let bytes2 = Buffer.byteLength(name2, "utf8");
  while (bytes1 + bytes2 > available) {
    if (bytes1 > bytes2) bytes1--;
    else bytes2--;
  }
  return `${clip(name1, bytes1)}_${clip(name2, bytes2)}_${label}`;
}

/**
 * The name the server gives the sequence of a serial or identity column when it is free. (When a
 * relation of that name already exists the server tries `_seq1`, `_seq2`, ...: only the catalog knows.)
 */
export function ownedSequenceName(table: string, column: string): string {
  return makeObjectName(table, column, "seq");
}

/** The longest prefix of `name` within `bytes` bytes that does not split a character (pg_mbcliplen). */
function clip(name: string, bytes: number): string {
  let used = 0;
  let kept = "";
  for (const character of name) {
    used += Buffer.byteLength(character, "utf8");
    if (used > bytes) break;
    kept += character;
  }
  return kept;
}
