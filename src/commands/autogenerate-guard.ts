import type pg from "pg";
import { TargetNotUpToDateError } from "../errors.js";
import type { RevisionMap } from "../graph/revision-map.js";
import { upgradeSteps } from "../graph/steps.js";
import { readVersions, type VersionTableName } from "../runner/version-table.js";
import { currentRevisions } from "./current.js";

/**
 * Autogenerate compares the models with the database, so the database must be at exactly the
 * revision(s) the new migration follows; otherwise the diff would repeat or undo pending migrations.
 */
export async function ensureDatabaseAt(
  client: pg.ClientBase,
  map: RevisionMap,
  expected: readonly string[],
  versionTable: VersionTableName,
) {
  ensureAt(map, expected, await readVersions(client, versionTable));
}

/** The same, with the version table's rows already read. */
export function ensureAt(map: RevisionMap, expected: readonly string[], versions: readonly string[]) {
  if (!sameRevisions(currentRevisions(map, versions), expected)) throw new TargetNotUpToDateError();
}

/**
 * `check`'s guard: the database must be at the heads, and when it is not, the error names what
 * `upgrade heads` would run, since a CI log is all the reader has to go on.
 */
export async function ensureDatabaseAtHeads(
  client: pg.ClientBase,
  map: RevisionMap,
  versionTable: VersionTableName,
) {
  ensureAtHeads(map, await readVersions(client, versionTable));
}

/** The same, with the version table's rows already read. */
export function ensureAtHeads(map: RevisionMap, versions: readonly string[]) {
  if (sameRevisions(currentRevisions(map, versions), map.heads)) return;
  throw new TargetNotUpToDateError(upgradeSteps(map, versions, "heads").map((step) => step.revision));
}

function sameRevisions(at: readonly string[], expected: readonly string[]): boolean {
  return at.length === expected.length && at.every((id) => expected.includes(id));
}
