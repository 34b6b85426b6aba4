/**
 * The commands that write a migration file, for library callers: `revision`, `autogenerate` (that is,
 * `revision --autogenerate`) and `merge`. Each returns the new revision's id, its path, and for
 * autogenerate the operations it found (with their hazards).
 */
import type { AutogenerateOptions } from "../commands/compare.js";
import { type MergeResult, merge as mergeCommand } from "../commands/merge.js";
import { type RevisionResult, revision as revisionCommand } from "../commands/revision.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { type ApiOptions, comparisonOptions, resolveApiConfig } from "./options.js";

export interface RevisionApiOptions extends ApiOptions {
  readonly message?: string;
  readonly revId?: string;
  /** The revision the new one follows: `head` by default; `base` starts a new root. */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head. */
  readonly splice?: boolean;
  readonly branchLabel?: string;
  readonly dependsOn?: readonly string[];
}

/** `retort revision -m <message>`: an empty migration to fill in by hand. */
export async function revision(options: RevisionApiOptions = {}): Promise<RevisionResult> {
  const config = await resolveApiConfig(options);
  return revisionCommand(config, { ...revisionRequest(options), ...(config.log ? { log: config.log } : {}) });
}

export interface AutogenerateApiOptions extends RevisionApiOptions, AutogenerateOptions {
  /** Compare with a throw-away database the migrations are replayed into, not the configured one. */
  readonly shadow?: ShadowOptions | boolean;
  /** Write the file even when nothing changed (Alembic's behaviour); by default nothing is written. */
  readonly allowEmpty?: boolean;
}

/**
 * `retort revision --autogenerate -m <message>`: a migration whose upgrade() turns the database's schema
 * into the models' and whose downgrade() reverses it. When nothing changed no file is written
 * (`written: false`), unless `allowEmpty` is set (Alembic writes one).
 */
export async function autogenerate(options: AutogenerateApiOptions = {}): Promise<RevisionResult> {
  const config = await resolveApiConfig(options);
  return revisionCommand(config, {
    ...revisionRequest(options),
    autogenerate: true,
    ...(options.allowEmpty ? { allowEmpty: true } : {}),
    ...comparisonOptions(options),
    ...(config.log ? { log: config.log } : {}),
  });
}

export interface MergeApiOptions extends ApiOptions {
  readonly message?: string;
  readonly revId?: string;
  readonly branchLabel?: string;
  readonly splice?: boolean;
}

/** `retort merge heads`: one revision whose parents are the given revisions. */
export async function merge(
  revisions: readonly string[],
  options: MergeApiOptions = {},
): Promise<MergeResult> {
  const config = await resolveApiConfig(options);
  return mergeCommand(config, revisions, {
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    ...(options.branchLabel !== undefined ? { branchLabel: options.branchLabel } : {}),
    ...(options.splice ? { splice: true } : {}),
  });
}

function revisionRequest(options: RevisionApiOptions) {
  return {
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    ...(options.head !== undefined ? { head: options.head } : {}),
    ...(options.splice ? { splice: true } : {}),
    ...(options.branchLabel !== undefined ? { branchLabel: options.branchLabel } : {}),
    ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
  };
}
