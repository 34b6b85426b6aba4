/**
 * Names PostgreSQL makes up for objects nobody named: the sequence of a `serial` or identity column is
 * `<table>_<column>_seq` (ChooseRelationName in the server's indexcmds.c, through makeObjectName).
 * retort must give a sequence the name the server would, because TypeORM's synchronize() lets the
 * server choose it and that catalog is the one retort's migrations must reach.
 */
import { derivedName } from "./identifier-length.js";

/**
 * The name the server gives the sequence of a serial or identity column when it is free. (When a
 * relation of that name already exists the server tries `_seq1`, `_seq2`, ...: only the catalog knows.)
 */
export function ownedSequenceName(table: string, column: string): string {
  return derivedName(table, column, "seq");
}
