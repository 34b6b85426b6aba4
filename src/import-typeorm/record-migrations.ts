/**
 * Records the SQL of each TypeORM migration by running it: every `up()` in order, then every `down()`
 * in reverse, in a throw-away database (embedded, or a scratch database on a server), through a
 * TypeORM DataSource of the user's own TypeORM whose logger keeps what each one sends.
 *
 * Running them is the one way to get the statements of any migration, generated or hand-written
 * (queries built in loops, `queryRunner.createTable(...)`, the entity manager). What a migration does
 * depending on rows it reads is recorded as it ran on an empty database: those are reported.
 *
 * Real histories have broken down()s: SQL that throws, or a down() that forgets part of its up(). The
 * catalog is read before each up() and after each down() (./down-check.ts); a down() that throws or
 * does not put the schema back marks its migration irreversible, or, with `strict`, ends the import.
 * The database is then not where the next down() expects it (a failed down() was rolled back to after
 * its up(); a forgetful one left something behind), so the remaining down()s are recorded in a fresh
 * throw-away database where the up()s before the broken one are replayed first.
 */
import { RetortError } from "../errors.js";
import { type Log, logLine, silent } from "../log.js";
import type { Schema } from "../schema/ir.js";
import { type ShadowOptions, withShadowDatabaseUrl } from "../shadow/shadow-database.js";
import { failedReason, leftChanged, notUndoneReason } from "./down-check.js";
import {
  type RecordingSession,
  type SessionOptions,
  TypeormMigrationFailedError,
  withRecordingSession,
} from "./recording-session.js";
import type { TypeormMigration } from "./typeorm-migrations.js";

export const IMPORT_LOGGER = "retort.import";

/** Why a migration's down() cannot be replayed: its downgrade raises an error instead. */
export interface Irreversible {
  /** One line: `its down() failed: …`, or `its down() did not undo its up(): …`. */
  readonly reason: string;
  /** Everything the down() left different, one line each (none when it failed). */
  readonly differences: readonly string[];
}

export interface RecordedMigration {
  readonly up: readonly string[];
  /** What down() sent; when it failed, up to and including the statement that failed. */
  readonly down: readonly string[];
  /** It read rows (a SELECT of its own): what it did may depend on data the recording did not have. */
  readonly readsData: boolean;
  readonly irreversible?: Irreversible;
}

export interface Recording {
  /**
   * What TypeORM does when it connects and before it runs migrations, and the imported history must
   * do itself on a new database: the extensions its entities need, the `typeorm_metadata` table.
   */
  readonly setup: readonly string[];
  readonly migrations: ReadonlyMap<string, RecordedMigration>;
}

export interface RecordOptions extends SessionOptions {
  readonly shadow: ShadowOptions;
  readonly retortDir: string;
  /** A broken down() ends the recording with an error instead of marking its migration irreversible. */
  readonly strict?: boolean;
  readonly log?: Log;
}

type Entry = { up: string[]; down: string[]; readsData: boolean; irreversible?: Irreversible };

export async function recordMigrations(
  migrations: readonly TypeormMigration[],
  options: RecordOptions,
): Promise<Recording> {
  const log = options.log ?? silent;
  const recorded = new Map<string, Entry>();
  // The schema before each up(), by position: what its down() must leave.
  const beforeUp: Schema[] = [];
  let setup: readonly string[] = [];
  // The down()s still to record: those of migrations[0, left).
  let left = migrations.length;
  let sessions = 0;
  do {
    const first = sessions === 0;
    sessions += 1;
    left = await withShadowDatabaseUrl(options.shadow, { retortDir: options.retortDir, log }, (url) =>
      withRecordingSession(url, options, async (session) => {
        if (first) {
          setup = session.setup;
          for (const migration of migrations) {
            beforeUp.push(await session.snapshot());
            const up: string[] = [];
            log(logLine("INFO", IMPORT_LOGGER, `Recording ${migration.name} up()`));
            const { readsData } = await session.run(migration, "up", up);
            recorded.set(migration.name, { up, down: [], readsData });
          }
        } else {
          log(
            logLine(
              "INFO",
              IMPORT_LOGGER,
              `Recording the down() of the ${left} migration(s) before ${migrations[left]!.name} in a fresh ` +
                "throw-away database, where their up() is replayed first",
            ),
          );
          for (const migration of migrations.slice(0, left)) await session.run(migration, "up");
        }
        for (let i = left - 1; i >= 0; i--) {
          const migration = migrations[i]!;
          const entry = recorded.get(migration.name)!;
          log(logLine("INFO", IMPORT_LOGGER, `Recording ${migration.name} down()`));
          entry.irreversible = await recordDown(session, migration, entry, beforeUp[i]!, options.strict);
          if (entry.irreversible) {
            // Not "imported as irreversible": on a later import its file may be kept, fixed by hand.
            log(logLine("WARNING", IMPORT_LOGGER, `${migration.name}: ${entry.irreversible.reason}`));
            return i;
          }
        }
        return 0;
      }),
    );
  } while (left > 0);
  return { setup, migrations: recorded };
}

/** Records one down() into `entry`: undefined when it ran and put the schema back, else why not. */
async function recordDown(
  session: RecordingSession,
  migration: TypeormMigration,
  entry: Entry,
  beforeUp: Schema,
  strict: boolean | undefined,
): Promise<Irreversible | undefined> {
  try {
    const { readsData } = await session.run(migration, "down", entry.down);
    entry.readsData ||= readsData;
  } catch (error) {
    if (!(error instanceof TypeormMigrationFailedError)) throw error;
    if (strict) throw new RetortError(`${error.message} (${WITHOUT_STRICT})`, { cause: error });
    return { reason: failedReason(error.reason), differences: [] };
  }
  const differences = leftChanged(beforeUp, await session.snapshot());
  if (differences.length === 0) return undefined;
  if (strict) {
    throw new RetortError(
      `The TypeORM migration ${migration.name}${migration.file ? ` (${migration.file})` : ""} does not undo ` +
        `its up(): after its down() in the throw-away database, ${differences.join("; ")} (${WITHOUT_STRICT})`,
    );
  }
  return { reason: notUndoneReason(differences), differences };
}

const WITHOUT_STRICT = "without --strict it is imported as irreversible";
