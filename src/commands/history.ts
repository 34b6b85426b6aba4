/**
 * `retort history`: the revisions, newest first, one line each
 * (`1975ea83b712 -> ae1027a6acf (head), add a column`), the verbose entries, or the graph.
 * Reads the database only for `--indicate-current`, a range that mentions `current`, or the graph's
 * current marks (where it can be reached).
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { withConnection } from "../db/with-connection.js";
import { RetortError } from "../errors.js";
import { drawGraph } from "../graph/draw-graph.js";
import { formatLogEntry, formatOneLine } from "../graph/format-revision.js";
import { historyRevisions } from "../graph/steps.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { readVersions } from "../runner/version-table.js";
import { type RevisionInfo, revisionInfo } from "./revision-info.js";
import { versionsIfReachable } from "./versions-if-reachable.js";

export interface HistoryOptions {
  readonly verbose?: boolean;
  /** `[start]:[end]`: revision ids, prefixes, `base`, `head(s)`, `current`, or relative (`-3:current`). */
  readonly range?: string;
  /** Mark the revisions the database is at with `(current)`. */
  readonly indicateCurrent?: boolean;
}

export async function history(config: ResolvedConfig, options: HistoryOptions = {}): Promise<string[]> {
  const { map, ids, currentIds } = await historyState(config, options);
  return ids.flatMap((id) => {
    const isCurrent = options.indicateCurrent === true && currentIds.has(id);
    return options.verbose
      ? formatLogEntry(map, id, { current: isCurrent })
      : [
          formatOneLine(map, id, {
            includeParents: true,
            includeBranches: true,
            includeDoc: true,
            current: isCurrent,
          }),
        ];
  });
}

/**
 * `history --json` and the library: the revisions newest first, as data; `isCurrent` is filled in when
 * the database was read (`indicateCurrent`, or a range naming `current`).
 */
export async function historyData(
  config: ResolvedConfig,
  options: Omit<HistoryOptions, "verbose"> = {},
): Promise<{ revisions: RevisionInfo[] }> {
  const { map, ids, currentIds, readDatabase } = await historyState(config, options);
  return { revisions: ids.map((id) => revisionInfo(map, id, readDatabase ? currentIds : undefined)) };
}

/**
 * `history --graph`: the same revisions in the same order, drawn as `git log --graph` draws commits
 * (src/graph/draw-graph.ts). The current revisions are marked whenever the database can be read; one
 * that cannot be reached leaves the marks out rather than fail the drawing, unless `indicateCurrent`
 * asked for them or the range names `current`.
 */
export async function historyGraph(
  config: ResolvedConfig,
  options: Omit<HistoryOptions, "verbose"> = {},
): Promise<string[]> {
  const { map, ids, currentIds } = await historyState(config, options, { marksOptional: true });
  return drawGraph(map, ids, { current: currentIds });
}

async function historyState(
  config: ResolvedConfig,
  options: HistoryOptions,
  { marksOptional = false }: { marksOptional?: boolean } = {},
) {
  const { lower, upper } = parseRange(options.range);
  const { map } = await loadScriptDirectory(config.migrationsDir);
  const readDatabase = options.indicateCurrent === true || lower === "current" || upper === "current";
  const versions = readDatabase
    ? await withConnection(config, (client) => readVersions(client, config.versionTable))
    : marksOptional
      ? await versionsIfReachable(config, "drawn without marking the current revision(s)")
      : [];
  const currentIds = new Set(versions.map((v) => map.lookup(v)));
  const end = (token: string | undefined) => (token === "current" ? [...currentIds] : token);
  const ids = historyRevisions(map, {
    ...(lower !== undefined ? { lower: end(lower)! } : {}),
    ...(upper !== undefined ? { upper: end(upper)! } : {}),
  });
  return { map, ids, currentIds, readDatabase };
}

/** `a:b`, `a:` or `:b`; an empty side is the default (`base`, `heads`). */
function parseRange(range: string | undefined): { lower?: string; upper?: string } {
  if (range === undefined) return {};
  const parts = range.trim().split(":");
  if (parts.length !== 2) throw new RetortError("History range requires [start]:[end], [start]:, or :[end]");
  const [lower, upper] = parts;
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}
