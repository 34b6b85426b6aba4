/**
 * `retort merge -m <msg> heads|<rev>...`: a revision whose parents are the given revisions (usually
 * `heads`), with empty upgrade()/downgrade(). It joins branches again: a database on either branch
 * upgrades through it, and `upgrade head` works once more.
 */
import { loadScriptDirectory } from "../runner/script-directory.js";
import { planRevision, writeRevision } from "./new-revision.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export interface MergeOptions extends ProjectOptions {
  readonly message?: string;
  readonly branchLabel?: string;
  readonly revId?: string;
  /** Allow revisions that are not heads. */
  readonly splice?: boolean;
}

export interface MergeResult {
  readonly revision: string;
  readonly path: string;
  /** The parents, resolved to full ids. */
  readonly merges: readonly string[];
}

export async function merge(revisions: readonly string[], options: MergeOptions = {}): Promise<MergeResult> {
  const config = await resolveProjectConfig(options);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const planned = planRevision(map, config.migrationsDir, {
    heads: revisions,
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.branchLabel !== undefined ? { branchLabel: options.branchLabel } : {}),
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    ...(options.splice ? { splice: true } : {}),
    fileName: config.fileName,
  });
  await writeRevision(planned, {
    upgrade: [],
    downgrade: [],
    defaultSchema: config.schemas[0] ?? "public",
    ...(config.template ? { template: config.template } : {}),
  });
  return { revision: planned.revision.id, path: planned.path, merges: planned.revision.downRevisions };
}
