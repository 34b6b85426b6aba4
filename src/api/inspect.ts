/**
 * The read-only commands for library callers, returning the same data as their `--json` output:
 * `current`, `heads`, `history`, `show` and `check`.
 */
import { check as checkCommand } from "../commands/check.js";
import { type CheckReport, checkReport } from "../commands/check-report.js";
import type { AutogenerateOptions } from "../commands/compare.js";
import { currentData } from "../commands/current.js";
import { headsData } from "../commands/heads.js";
import { historyData } from "../commands/history.js";
import { type RevisionInfo, revisionInfo } from "../commands/revision-info.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { type ApiOptions, comparisonOptions, resolveApiConfig } from "./options.js";

/** The revision(s) the database is at; empty when it is unversioned. */
export async function current(options: ApiOptions = {}): Promise<{ heads: RevisionInfo[] }> {
  return currentData(await resolveApiConfig(options));
}

export interface HeadsApiOptions extends ApiOptions {
  /** Leave out heads that other revisions depend on (what `upgrade heads` targets). */
  readonly resolveDependencies?: boolean;
}

/** The head revisions of the migrations directory. Reads no database. */
export async function heads(options: HeadsApiOptions = {}): Promise<{ heads: RevisionInfo[] }> {
  return headsData(await resolveApiConfig(options), {
    ...(options.resolveDependencies ? { resolveDependencies: true } : {}),
  });
}

export interface HistoryApiOptions extends ApiOptions {
  /** `[start]:[end]`, as `history -r`. */
  readonly range?: string;
  /** Read the database and fill in `isCurrent`. */
  readonly indicateCurrent?: boolean;
}

/** Every revision, newest first (or those in `range`). */
export async function history(options: HistoryApiOptions = {}): Promise<{ revisions: RevisionInfo[] }> {
  return historyData(await resolveApiConfig(options), {
    ...(options.range !== undefined ? { range: options.range } : {}),
    ...(options.indicateCurrent ? { indicateCurrent: true } : {}),
  });
}

/** `retort show <rev>`: the revision(s) a target names; `current` reads the database. */
export async function show(target: string, options: ApiOptions = {}): Promise<RevisionInfo[]> {
  const config = await resolveApiConfig(options);
  if (target === "current") return (await currentData(config)).heads;
  const { map } = await loadScriptDirectory(config.migrationsDir);
  return map.resolveMany(target).map((id) => revisionInfo(map, id));
}

/** As for `autogenerate`, without `ask`: check never asks (a look-alike is reported as a possible rename). */
export interface CheckApiOptions extends ApiOptions, Omit<AutogenerateOptions, "ask"> {
  /** Replay the migrations into a throw-away database instead of reading the configured one. */
  readonly shadow?: ShadowOptions | boolean;
}

/**
 * Would autogenerate produce anything? Unlike the CLI, a difference is not an error: it is
 * `upToDate: false` with the operations listed. A database behind its heads still throws
 * (TargetNotUpToDateError, its `pending` the revisions not yet applied), as it does for the CLI.
 */
export async function check(options: CheckApiOptions = {}): Promise<CheckReport> {
  const config = await resolveApiConfig(options);
  const result = await checkCommand(config, {
    ...comparisonOptions(options),
    ...(config.log ? { log: config.log } : {}),
  });
  return checkReport(result);
}
