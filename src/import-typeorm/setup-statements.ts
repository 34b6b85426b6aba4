/**
 * Where the statements TypeORM runs outside any migration go in the imported history, so that
 * `retort upgrade head` on a new database (and `downgrade base` then `upgrade head`) works as TypeORM's
 * own `migration:run` does:
 *
 * - `CREATE EXTENSION IF NOT EXISTS …`, which TypeORM sends when it connects (for uuid columns, for
 *   instance), opens the first migration. It is never dropped: other objects may use the extension.
 * - The `typeorm_metadata` table, which TypeORM's migration runner creates before running migrations
 *   when the entities have views or generated columns, is created (IF NOT EXISTS) by the first
 *   migration that writes to it, just before its first statement, and dropped (IF EXISTS) at the end of
 *   that migration's downgrade. Placing it by what the migrations do, not by today's entities, keeps
 *   the placement the same when later migrations are imported into the same history.
 */
import type { Recording } from "./record-migrations.js";

export interface Placed {
  readonly upgrade: readonly string[];
  readonly downgrade: readonly string[];
}

/** Each migration's statements with the set-up statements placed among them, by TypeORM name. */
export function placeSetup(recording: Recording, ordered: readonly string[]): Map<string, Placed> {
  const extensions = recording.setup.filter((sql) => /^CREATE EXTENSION\b/i.test(sql));
  const tables = recording.setup.flatMap((sql) => {
    const name = /^CREATE TABLE ((?:"(?:[^"]|"")+"\.)?("(?:[^"]|"")+"))/i.exec(sql);
    return name ? [{ qualified: name[1]!, quoted: name[2]!, sql }] : [];
  });
  const placed = new Map<string, Placed>();
  const pending = [...tables];
  for (const [i, name] of ordered.entries()) {
    const recorded = recording.migrations.get(name)!;
    const users = pending.filter((table) => recorded.up.some((sql) => sql.includes(table.quoted)));
    for (const table of users) pending.splice(pending.indexOf(table), 1);
    placed.set(name, {
      upgrade: [
        ...(i === 0 ? extensions : []),
        ...users.map((table) => table.sql.replace(/^CREATE TABLE /i, "CREATE TABLE IF NOT EXISTS ")),
        ...recorded.up,
      ],
      downgrade: [
        ...recorded.down,
        ...users.reverse().map((table) => `DROP TABLE IF EXISTS ${table.qualified}`),
      ],
    });
  }
  return placed;
}
