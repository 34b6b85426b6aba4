/** `retort heads`: the head revisions of the migrations directory. Needs no database. */
import { loadScriptDirectory } from "../runner/script-directory.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";
import { type RevisionInfo, type RevisionListing, revisionInfos } from "./revision-info.js";

export interface HeadsOptions extends ProjectOptions {
  /**
   * Leave out revisions that are heads only because nothing builds on them through `downRevision`
   * while another revision depends on them ("effective heads"), as `upgrade heads` does.
   */
  readonly resolveDependencies?: boolean;
}

/** The heads as data (`heads --json`): `isCurrent` is null, the database is not read. */
export async function heads(options: HeadsOptions = {}): Promise<{ heads: RevisionInfo[] }> {
  return { heads: revisionInfos(await listHeads(options)) };
}

export async function listHeads(options: HeadsOptions = {}): Promise<RevisionListing> {
  const config = await resolveProjectConfig(options);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  return { map, ids: options.resolveDependencies ? map.realHeads : map.heads };
}
