/**
 * `history --graph`: the revisions `history` lists, in its order, each on its row of the drawing
 * (./graph-layout.ts) followed by what `history` says of it, less the parents the lanes show:
 *
 *   * 53fffde5ad50 (head) (current) (mergepoint), merge ae1 and 27c
 *   |\
 *   | * 27c6a30d7c24, add shopping cart table
 *   * | ae1027a6acf0, add a column
 *   |/
 *   * 1975ea83b712 (branchpoint), create account table
 *
 * Lanes follow `downRevisions` only. A `dependsOn` edge does not merge branches, and drawn as a lane it
 * would look like a merge, so it is a note on the row instead: `(depends on c2b1c3d4e5f6)`, the
 * resolved revision ids (a branch label names the revision it is on).
 */
import { formatOneLine } from "./format-revision.js";
import { layoutGraph } from "./graph-layout.js";
import type { RevisionMap } from "./revision-map.js";

export interface GraphOptions {
  /** The revisions the database is at, marked `(current)`; none when no database was read. */
  readonly current?: ReadonlySet<string>;
}

/** `ids`: the revisions to draw, newest first, as `historyRevisions` orders them. */
export function drawGraph(map: RevisionMap, ids: readonly string[], options: GraphOptions = {}): string[] {
  return layoutGraph(ids, (id) => map.get(id).downRevisions).map(({ revision, graph }) =>
    revision === undefined ? graph : `${graph} ${describe(map, revision, options.current?.has(revision))}`,
  );
}

function describe(map: RevisionMap, id: string, current = false): string {
  const dependencies = map.dependenciesOf(id);
  const { message } = map.get(id);
  return (
    formatOneLine(map, id, { includeBranches: true, current }) +
    (dependencies.length > 0 ? ` (depends on ${dependencies.join(", ")})` : "") +
    (message !== "" ? `, ${message}` : "")
  );
}
