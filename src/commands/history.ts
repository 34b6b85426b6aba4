/**
 * `retort history`: the revisions, newest first, or those in a range. Reads the database only for
 * `indicateCurrent`, a range that mentions `current`, or `history --graph`'s current marks (where it
 * can be reached).
 */
import { withConnection } from "../db/with-connection.js";
import { RetortError } from "../errors.js";
import { historyRevisions } from "../graph/steps.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";
import { type RevisionInfo, type RevisionListing, revisionInfos } from "./revision-info.js";
import { versionsIfReachable } from "./versions-if-reachable.js";

export interface HistoryOptions extends ProjectOptions {
  /** `[start]:[end]`: revision ids, prefixes, `base`, `head(s)`, `current`, or relative (`-3:current`). */
  readonly range?: string;
  /** Read the database and fill in `isCurrent`. */
  readonly indicateCurrent?: boolean;
}

/**
 * Every revision, newest first (or those in `range`), as data (`history --json`); `isCurrent` is filled
 * in when the database was read (`indicateCurrent`, or a range naming `current`).
 */
export async function history(options: HistoryOptions = {}): Promise<{ revisions: RevisionInfo[] }> {
  return { revisions: revisionInfos(await listHistory(options)) };
}

/**
 * `currentIfReachable` (`history --graph`): read the database's revisions even when nothing above asks
 * for them, to mark them; a database that cannot be reached leaves the marks out, with a warning,
 * rather than fail the listing.
 */
export async function listHistory(
  options: HistoryOptions = {},
  { currentIfReachable = false }: { currentIfReachable?: boolean } = {},
): Promise<RevisionListing> {
  const config = await resolveProjectConfig(options);
  const { lower, upper } = parseRange(options.range);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const readDatabase = options.indicateCurrent === true || lower === "current" || upper === "current";
  const versions = readDatabase
    ? await withConnection(config, (client) => readVersions(client, config.versionTable))
    : currentIfReachable
      ? await versionsIfReachable(config, "drawn without marking the current revision(s)")
      : undefined;
  const current = versions && new Set(versions.map((v) => map.recordedRevision(v)));
  const end = (token: string | undefined) => (token === "current" ? [...(current ?? [])] : token);
  const ids = historyRevisions(map, {
    ...(lower !== undefined ? { lower: end(lower)! } : {}),
    ...(upper !== undefined ? { upper: end(upper)! } : {}),
  });
  return { map, ids, ...(current ? { current } : {}) };
}

/** `a:b`, `a:` or `:b`; an empty side is the default (`base`, `heads`). */
function parseRange(range: string | undefined): { lower?: string; upper?: string } {
  if (range === undefined) return {};
  const parts = range.trim().split(":");
  if (parts.length !== 2) throw new RetortError("History range requires [start]:[end], [start]:, or :[end]");
  const [lower, upper] = parts;
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}
