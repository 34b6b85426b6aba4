/**
 * `retort branches`: each branch point, newest first, in its graph (the CLI prints the revisions it
 * branches into under it). Needs no database.
 */
import { historyRevisions } from "../graph/steps.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";
import type { RevisionListing } from "./revision-info.js";

export async function listBranchPoints(options: ProjectOptions = {}): Promise<RevisionListing> {
  const config = await resolveProjectConfig(options);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  return { map, ids: historyRevisions(map).filter((id) => map.isBranchPoint(id)) };
}
