/**
 * `retort show <rev>`: the revision(s) a target names: an id or prefix, a branch label, `head`, `heads`,
 * `<branch>@head`; or `current`, the revisions the version table records (the only case that reads the
 * database; as in Alembic, its rows as they are, where `current` adds what they depend on).
 */
import { withConnection } from "../db/with-connection.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";
import { type RevisionInfo, type RevisionListing, revisionInfos } from "./revision-info.js";

/** The revisions as data; `isCurrent` is true for `current`, null otherwise (the database is not read). */
export async function show(target: string, options: ProjectOptions = {}): Promise<RevisionInfo[]> {
  return revisionInfos(await listShown(target, options));
}

export async function listShown(target: string, options: ProjectOptions = {}): Promise<RevisionListing> {
  const config = await resolveProjectConfig(options);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  if (target !== "current") return { map, ids: map.resolveMany(target) };
  const versions = await withConnection(config, (client) => readVersions(client, config.versionTable));
  const ids = versions.map((row) => map.recordedRevision(row));
  return { map, ids, current: new Set(ids) };
}
