/**
 * `retort show <rev>`: the full entry of a revision (Rev, Parent, Path, the header). `<rev>` is anything
 * a target can be: an id or prefix, a branch label, `head`, `heads`, `<branch>@head`; or `current`, the
 * revisions the database is at (the only case that reads the database).
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import { formatLogEntry } from "../graph/format-revision.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";

export async function show(config: ResolvedConfig, revision: string): Promise<string[]> {
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const ids =
    revision === "current"
      ? (await withConnection(config, (client) => readVersions(client, config.versionTable))).map((row) =>
          map.lookup(row),
        )
      : map.resolveMany(revision);
  return ids.flatMap((id) => formatLogEntry(map, id));
}
