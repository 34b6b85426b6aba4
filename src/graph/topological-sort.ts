/** The order steps run in, after Alembic's `_topological_sort` (alembic/script/revision.py). */
import { RetortError } from "../errors.js";
import type { RevisionMap } from "./revision-map.js";

/**
 * Orders `ids` newest first: every revision comes before its parents. Starts from `heads` and walks
 * down one branch as far as it can before switching to another, so a branch's revisions stay together
 * (Alembic's `_topological_sort`). Upgrades run this list reversed; downgrades run it as is.
 */
export function topologicalSort(map: RevisionMap, ids: Iterable<string>, heads: readonly string[]): string[] {
  const todo = new Set(ids);
  const loadOrder = new Map(map.revisions.map((revision, index) => [revision.id, index]));
  const current = unique(heads.filter((h) => todo.has(h))).sort(
    (a, b) => (loadOrder.get(a) ?? 0) - (loadOrder.get(b) ?? 0),
  );
  const ancestorsOf = current.map((h) => map.ancestors([h]));
  const output: string[] = [];
  let index = 0;
  while (current.length > 0) {
    const candidate = current[index]!;
    // Another branch still needs this revision: finish that branch first.
    const waitingBranch = ancestorsOf.findIndex((set, i) => i !== index && set.has(candidate));
    if (waitingBranch !== -1) {
      index = waitingBranch;
      continue;
    }
    if (todo.delete(candidate)) output.push(candidate);
    const parents = map.normalizedDownRevisions(candidate).filter((p) => todo.has(p) && !current.includes(p));
    const [first, ...others] = parents;
    if (first === undefined) {
      current.splice(index, 1);
      ancestorsOf.splice(index, 1);
      index = Math.max(index - 1, 0);
    } else if (map.normalizedDownRevisions(candidate).length === 1) {
      current[index] = first;
      ancestorsOf[index]!.delete(candidate);
    } else {
      current[index] = first;
      ancestorsOf[index] = map.ancestors([first]);
      for (const other of others) {
        current.push(other);
        ancestorsOf.push(map.ancestors([other]));
      }
    }
  }
  if (todo.size > 0) {
    throw new RetortError(`Internal error: revisions ${[...todo].join(", ")} are not below the given heads`);
  }
  return output;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
