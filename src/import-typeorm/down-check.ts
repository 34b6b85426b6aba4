/**
 * Whether a TypeORM migration's down() put back the schema its up() started from: the catalog read
 * before the up() against the catalog read after the down(), compared as `check --shadow` compares a
 * retort downgrade (../shadow/schema-differences.ts).
 *
 * One difference is let through: an extension the down() left installed. retort's imported history
 * never drops the extensions TypeORM installs either (./setup-statements.ts), since other objects may
 * use them, and a migration's `CREATE EXTENSION IF NOT EXISTS` runs again without harm.
 */
import type { Schema } from "../schema/ir.js";
import { schemaDifferences } from "../shadow/schema-differences.js";

/** At most this many differences in a reason: it is one line of a list and of an error message. */
const SHOWN = 3;

/** What the down() left different, one line each; empty when it undid its up(). */
export function leftChanged(beforeUp: Schema, afterDown: Schema): string[] {
  const installed = new Set(beforeUp.extensions.map((extension) => extension.name));
  return schemaDifferences(beforeUp, {
    ...afterDown,
    extensions: afterDown.extensions.filter((extension) => installed.has(extension.name)),
  });
}

/** `its down() did not undo its up(): enum public.mood added; …`, on one line. */
export function notUndoneReason(differences: readonly string[]): string {
  const more = differences.length > SHOWN ? "; …" : "";
  return `its down() did not undo its up(): ${differences.slice(0, SHOWN).join("; ")}${more}`;
}

/** `its down() failed: <the error>`. */
export function failedReason(error: string): string {
  return `its down() failed: ${error}`;
}
