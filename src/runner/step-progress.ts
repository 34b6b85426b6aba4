/**
 * What a migration step committed before it finished, for the steps that cannot be one transaction.
 *
 * A step runs in one transaction, except around statements PostgreSQL refuses in a transaction block
 * (CREATE/DROP INDEX CONCURRENTLY): there the runner commits what the step did so far. Should the
 * process then die, the database holds part of the step while the version table still names the
 * revision before it. So each such commit also records, in the same transaction, a fingerprint of every
 * statement committed so far; the step's final commit deletes the record together with the version
 * change. A rerun finds the record, replays the migration skipping exactly those statements (refusing
 * if the migration no longer produces them), and finishes the step.
 *
 *   retort_version_progress(revision varchar(32), direction text, statements text[],
 *                           PRIMARY KEY (revision, direction))
 *
 * The table sits next to the version table (its name: progressTableOf in ./version-table.ts) and is
 * created the first time a step commits part of itself.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import type { Direction } from "../graph/steps.js";
import { quoteQualified } from "../sql/quote.js";
import type { VersionTableName } from "./version-table.js";

export interface StepProgress {
  readonly revision: string;
  readonly direction: Direction;
  /** Fingerprints of the statements committed so far, in order. */
  readonly statements: readonly string[];
}

type Queryable = Pick<pg.Client, "query">;

/** A short fingerprint of a statement's text: enough to notice a migration that changed since. */
export function statementFingerprint(statement: string): string {
  return createHash("sha256").update(statement).digest("hex").slice(0, 16);
}

/** The interrupted steps; none when the table does not exist (nothing was ever interrupted). */
export async function readProgress(client: Queryable, name: VersionTableName): Promise<StepProgress[]> {
  const qualified = quoteQualified(name.schema, name.table);
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [
    qualified,
  ]);
  if (!exists.rows[0]?.found) return [];
  const rows = await client.query<{ revision: string; direction: Direction; statements: string[] }>(
    `SELECT revision, direction, statements FROM ${qualified} ORDER BY revision, direction`,
  );
  return rows.rows;
}

/** Records the step's committed statements; runs inside the transaction about to commit them. */
export async function saveProgress(
  client: Queryable,
  name: VersionTableName,
  progress: StepProgress,
): Promise<void> {
  const qualified = quoteQualified(name.schema, name.table);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${qualified} (
    revision varchar(32) NOT NULL,
    direction text NOT NULL,
    statements text[] NOT NULL,
    PRIMARY KEY (revision, direction)
)`,
  );
  await client.query(
    `INSERT INTO ${qualified} (revision, direction, statements) VALUES ($1, $2, $3)
     ON CONFLICT (revision, direction) DO UPDATE SET statements = EXCLUDED.statements`,
    [progress.revision, progress.direction, progress.statements],
  );
}

/** Forgets a step's record (its final commit, or `stamp`); a no-op when there is none. */
export async function clearProgress(
  client: Queryable,
  name: VersionTableName,
  step?: { revision: string; direction: Direction },
): Promise<void> {
  const qualified = quoteQualified(name.schema, name.table);
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [
    qualified,
  ]);
  if (!exists.rows[0]?.found) return;
  if (step) {
    await client.query(`DELETE FROM ${qualified} WHERE revision = $1 AND direction = $2`, [
      step.revision,
      step.direction,
    ]);
  } else await client.query(`DELETE FROM ${qualified}`);
}
