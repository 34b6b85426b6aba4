import type pg from "pg";
import { TargetNotUpToDateError } from "../errors.js";
import type { RevisionMap } from "../graph/revision-map.js";
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
  const at = currentRevisions(map, await readVersions(client, versionTable));
  const same = at.length === expected.length && at.every((id) => expected.includes(id));
  if (!same) throw new TargetNotUpToDateError();
}
