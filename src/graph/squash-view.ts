/**
 * Squashes in the graph. A squash (written by `retort squash`) is a revision that exports `replaces`:
 * it builds in one step the schema a run of revisions builds, and stands in for them, as Django's
 * squashed migrations do. Which of the two the graph holds depends on the database it is used for:
 *
 * - By default, the squash. The revisions it replaces are left out of the graph whether their files
 *   are still there or not, and the last of them (the one whose schema the squash builds) becomes a
 *   name for the squash: a later revision's `downRevision` or `dependsOn` naming it, a target naming
 *   it, and a version-table row naming it all mean the squash. So a new database runs one step, a
 *   database at the last replaced revision or beyond carries on after the squash, and the old files
 *   can be deleted.
 * - For a database in the middle of the range (a row naming a replaced revision other than the last),
 *   the squash cannot take over: it is set aside while every replaced file is there, and `upgrade`
 *   takes the database on through the old files. With files missing, such a row (or a target naming a
 *   revision in the middle) is a ReplacedRevisionError that says what to do.
 *
 * A squash of a range that holds an earlier squash lists that squash and what it replaced in its own
 * `replaces`, so one list always says everything a squash stands in for.
 */
import { RetortError } from "../errors.js";
import type { Revision } from "./revision-map.js";

/** What one squash replaces, as the graph remembers it once the replaced revisions are left out. */
export interface Replacement {
  readonly squash: string;
  /** The replaced revisions, oldest first; the squash answers for the last. */
  readonly replaces: readonly string[];
  /** Whether every replaced revision's file was loaded. */
  readonly filesPresent: boolean;
}

export interface SquashView {
  /** The revisions the graph is built from, references to a replaced revision pointing at its squash. */
  readonly revisions: readonly Revision[];
  /** Each revision a squash in the graph replaces, and that squash. */
  readonly replacedBy: ReadonlyMap<string, Replacement>;
}

/** The revisions the graph holds; `setAside` names squashes to leave out in favour of their ranges. */
export function squashView(all: readonly Revision[], setAside: ReadonlySet<string> = new Set()): SquashView {
  const squashes = all.filter((r) => (r.replaces?.length ?? 0) > 0 && !setAside.has(r.id));
  if (squashes.length === 0 && setAside.size === 0) return { revisions: all, replacedBy: new Map() };

  const loaded = new Set(all.map((r) => r.id));
  // A squash another squash replaces is part of that one's range, not a squash of its own here.
  const replacedBySomeSquash = new Set(squashes.flatMap((s) => s.replaces ?? []));
  const replacedBy = new Map<string, Replacement>();
  for (const squash of squashes) {
    if (replacedBySomeSquash.has(squash.id)) continue;
    const replaces = squash.replaces ?? [];
    if (replaces.includes(squash.id)) {
      throw new RetortError(`Squash ${squash.id}${where(squash)} lists itself in \`replaces\``);
    }
    const replacement = { squash: squash.id, replaces, filesPresent: replaces.every((id) => loaded.has(id)) };
    for (const id of replaces) {
      const other = replacedBy.get(id);
      if (other) {
        throw new RetortError(`Revision ${id} is replaced by two squashes, ${other.squash} and ${squash.id}`);
      }
      replacedBy.set(id, replacement);
    }
  }

  const revisions = all
    .filter((r) => !replacedBy.has(r.id) && !setAside.has(r.id))
    .map((revision) => followingSquashes(revision, replacedBy));
  return { revisions, replacedBy };
}

/**
 * The squashes to set aside for a database whose version table holds `rows`: those with a row in the
 * middle of their range and every replaced file loaded, so that the database goes on through them.
 */
export function squashesToSetAside(all: readonly Revision[], rows: readonly string[]): Set<string> {
  const loaded = new Set(all.map((r) => r.id));
  const setAside = new Set<string>();
  for (const squash of all) {
    const replaces = squash.replaces ?? [];
    const middle = replaces.slice(0, -1);
    if (rows.some((row) => middle.includes(row)) && replaces.every((id) => loaded.has(id))) {
      setAside.add(squash.id);
    }
  }
  return setAside;
}

/** The last revision a squash replaces, the one it answers for. */
export function lastReplaced(replacement: Replacement): string {
  return replacement.replaces[replacement.replaces.length - 1]!;
}

/** `revision` with its parents and dependencies that a squash replaced renamed to the squash. */
function followingSquashes(revision: Revision, replacedBy: ReadonlyMap<string, Replacement>): Revision {
  const rename = (id: string) => {
    const replacement = replacedBy.get(id);
    if (replacement === undefined) return id;
    if (lastReplaced(replacement) === id) return replacement.squash;
    throw new RetortError(
      `Revision ${revision.id}${where(revision)} follows ${id}, which squash ${replacement.squash} replaces ` +
        `from the middle of its range; only the last revision it replaces, ${lastReplaced(replacement)}, ` +
        "can be built on",
    );
  };
  const refersToReplaced = (ids: readonly string[] | undefined) => ids?.some((id) => replacedBy.has(id));
  if (!refersToReplaced(revision.downRevisions) && !refersToReplaced(revision.dependsOn)) return revision;
  return {
    ...revision,
    downRevisions: revision.downRevisions.map(rename),
    ...(revision.dependsOn ? { dependsOn: revision.dependsOn.map(rename) } : {}),
  };
}

function where(revision: Revision): string {
  return revision.path ? ` (${revision.path})` : "";
}
