/**
 * The revision graph, built from revision headers alone: it reads no files and knows no database, so
 * every rule here can be tested with literal revisions (test/graph/revision-map.test.ts).
 *
 * The semantics follow Alembic's `alembic/script/revision.py` (RevisionMap):
 * - edges come from `downRevisions` (the "versioned" parents) and from `dependsOn` (parents that are
 *   pulled in on upgrade and pushed out on downgrade, but do not merge branches);
 * - a head has no child through `downRevisions`; a "real" head has no child through either edge, and
 *   a head that is only depended upon is shown as "(effective head)";
 * - a branch label applies to its revision, every descendant, and the ancestors up to the preceding
 *   branch point, and is also an alias for the labelled revision.
 *
 * Target grammar (head, heads, base, prefixes, `+N`/`-N`) lives in ./targets.ts and the walk from the
 * current heads to a target in ./steps.ts. Squashes, which stand in for the revisions they replace,
 * are resolved before the graph is built (./squash-view.ts).
 */
import {
  AmbiguousRevisionError,
  CycleDetectedError,
  MultipleHeadsError,
  ReplacedRevisionError,
  RetortError,
  RevisionNotFoundError,
} from "../errors.js";
import { lastReplaced, type Replacement, squashView } from "./squash-view.js";
import { topologicalSort } from "./topological-sort.js";

/** One migration as the graph sees it. */
export interface Revision {
  readonly id: string;
  /** Parents; several for a merge point, none for a base. */
  readonly downRevisions: readonly string[];
  /** First paragraph of the header comment. */
  readonly message: string;
  readonly path?: string;
  readonly createDate?: string;
  readonly branchLabels?: readonly string[];
  /** Revision ids or branch labels this revision needs applied first, without merging their branch. */
  readonly dependsOn?: readonly string[];
  /** The whole header comment (message, Revision ID, Revises, Create Date), for the verbose formats. */
  readonly header?: string;
  /** A squash's replaced revisions, oldest first (./squash-view.ts). */
  readonly replaces?: readonly string[];
}

interface Node {
  readonly revision: Revision;
  /** Children through `downRevisions` (Alembic's `nextrev`). */
  readonly children: string[];
  /** Children through `dependsOn`. */
  readonly dependents: string[];
  /** `dependsOn` resolved to revision ids. */
  dependencies: string[];
  /** `dependencies` minus those an ancestor already depends on: the edges that matter for ordering. */
  normalizedDependencies: string[];
  /** Own labels plus the ones inherited along the branch. */
  readonly branchLabels: Set<string>;
}

export interface RevisionMapOptions {
  /** Squashes to leave out in favour of the revisions they replace (a database inside their range). */
  readonly setAside?: ReadonlySet<string>;
}

export interface TraversalOptions {
  /** Follow `dependsOn` edges too (default true), as upgrades and downgrades do. */
  readonly includeDependencies?: boolean;
}

/** Alembic reserves these for the target grammar (`label@head`, `-1`, `ae1+2`, `a:b`). */
const ILLEGAL_ID_CHARACTERS = ["@", "-", "+", ":"];

export class RevisionMap {
  readonly #nodes = new Map<string, Node>();
  readonly #labels = new Map<string, string>();
  /** Revisions with no child through `downRevisions`, in load order. */
  readonly heads: readonly string[];
  /** Revisions with no child at all (through `downRevisions` or `dependsOn`). */
  readonly realHeads: readonly string[];
  /** Revisions with no `downRevisions`. */
  readonly bases: readonly string[];
  readonly #realBases: readonly string[];
  readonly #replacedBy: ReadonlyMap<string, Replacement>;

  constructor(revisions: Iterable<Revision>, options: RevisionMapOptions = {}) {
    const view = squashView([...revisions], options.setAside);
    this.#replacedBy = view.replacedBy;
    for (const revision of view.revisions) this.#add(revision);
    this.#registerBranchLabels();
    this.#resolveDependencies();
    this.#linkParents();
    this.#normalizeDependencies();
    const nodes = [...this.#nodes.values()];
    this.heads = nodes.filter((n) => n.children.length === 0).map((n) => n.revision.id);
    this.realHeads = nodes
      .filter((n) => n.children.length === 0 && n.dependents.length === 0)
      .map((n) => n.revision.id);
    this.bases = nodes.filter((n) => n.revision.downRevisions.length === 0).map((n) => n.revision.id);
    this.#realBases = nodes
      .filter((n) => n.revision.downRevisions.length === 0 && n.dependencies.length === 0)
      .map((n) => n.revision.id);
    this.#detectCycles();
    this.#propagateBranchLabels();
  }

  // ---------------------------------------------------------------------------------------------
  // Construction

  #add(revision: Revision): void {
    const where = revision.path ? ` (${revision.path})` : "";
    if (typeof revision.id !== "string" || revision.id === "") {
      throw new RetortError(`A revision has an empty id${where}`);
    }
    const illegal = ILLEGAL_ID_CHARACTERS.filter((c) => revision.id.includes(c));
    if (illegal.length > 0) {
      throw new RetortError(
        `Character(s) '${illegal.sort().join(", ")}' not allowed in revision identifier '${revision.id}'${where}`,
      );
    }
    if (revision.downRevisions.includes(revision.id))
      throw new CycleDetectedError([revision.id], "Self-loop");
    if (revision.dependsOn?.includes(revision.id)) {
      throw new CycleDetectedError([revision.id], "Dependency self-loop");
    }
    const existing = this.#nodes.get(revision.id);
    if (existing) {
      // Alembic only warns and lets the later file win; with two files claiming one id, which one runs
      // would depend on file order, so retort refuses.
      const files = [existing.revision.path, revision.path].filter(Boolean).join(", ");
      throw new RetortError(`Revision ${revision.id} is present more than once${files ? `: ${files}` : ""}`);
    }
    this.#nodes.set(revision.id, {
      revision,
      children: [],
      dependents: [],
      dependencies: [],
      normalizedDependencies: [],
      branchLabels: new Set(revision.branchLabels ?? []),
    });
  }

  #registerBranchLabels(): void {
    for (const { revision } of this.#nodes.values()) {
      for (const label of revision.branchLabels ?? []) {
        const owner = this.#labels.get(label) ?? (this.#nodes.has(label) ? label : undefined);
        if (owner !== undefined) {
          throw new RetortError(
            `Branch name '${label}' in revision ${revision.id} already used by revision ${owner}`,
          );
        }
        this.#labels.set(label, revision.id);
      }
    }
  }

  #resolveDependencies(): void {
    for (const node of this.#nodes.values()) {
      node.dependencies = (node.revision.dependsOn ?? []).map((dependency) => {
        const id = this.#nodes.has(dependency) ? dependency : this.#labels.get(dependency);
        if (id === undefined) throw missingReference(dependency, node.revision);
        return id;
      });
    }
  }

  #linkParents(): void {
    for (const node of this.#nodes.values()) {
      for (const parent of node.revision.downRevisions) {
        const parentNode = this.#nodes.get(parent);
        if (!parentNode) throw missingReference(parent, node.revision);
        parentNode.children.push(node.revision.id);
      }
      for (const dependency of node.dependencies) this.#node(dependency).dependents.push(node.revision.id);
    }
  }

  #normalizeDependencies(): void {
    for (const node of this.#nodes.values()) {
      if (node.dependencies.length === 0) continue;
      const inherited = new Set<string>();
      for (const ancestor of this.ancestors([node.revision.id], { includeDependencies: false })) {
        if (ancestor !== node.revision.id)
          for (const d of this.#node(ancestor).dependencies) inherited.add(d);
      }
      node.normalizedDependencies = unique(node.dependencies).filter((d) => !inherited.has(d));
    }
  }

  /**
   * A revision is in a cycle when it cannot be reached both going down from a head and going up from a
   * base (Alembic's `_detect_cycles`); done once for `downRevisions` and once including `dependsOn`.
   */
  #detectCycles(): void {
    if (this.#nodes.size === 0) return;
    const all = [...this.#nodes.keys()];
    const check = (heads: readonly string[], bases: readonly string[], includeDependencies: boolean) => {
      const kind = includeDependencies ? "Dependency cycle" : "Cycle";
      if (heads.length === 0 || bases.length === 0) throw new CycleDetectedError(all, kind);
      const fromHeads = this.ancestors(heads, { includeDependencies });
      const fromBases = this.descendants(bases, { includeDependencies });
      const outside = all.filter((id) => !fromHeads.has(id) || !fromBases.has(id)).sort();
      if (outside.length > 0) throw new CycleDetectedError(outside, kind);
    };
    check(this.heads, this.bases, false);
    check(this.realHeads, this.#realBases, true);
  }

  #propagateBranchLabels(): void {
    for (const { revision } of this.#nodes.values()) {
      const labels = revision.branchLabels ?? [];
      if (labels.length === 0) continue;
      for (const id of this.descendants([revision.id], { includeDependencies: false })) {
        for (const label of labels) this.#node(id).branchLabels.add(label);
      }
      // Up the single-parent chain until the branch point the labelled branch grew from.
      let id: string | undefined = revision.id;
      while (id !== undefined && !this.isRealBranchPoint(id) && !this.isMergePoint(id)) {
        for (const label of labels) this.#node(id).branchLabels.add(label);
        id = this.#node(id).revision.downRevisions[0];
      }
    }
  }

  #node(id: string): Node {
    const node = this.#nodes.get(id);
    if (!node) throw new RevisionNotFoundError(id);
    return node;
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** All revisions, in the order they were given (file name order). */
  get revisions(): Revision[] {
    return [...this.#nodes.values()].map((n) => n.revision);
  }

  get size(): number {
    return this.#nodes.size;
  }

  has(id: string): boolean {
    return this.#nodes.has(id);
  }

  /** The revision with exactly this id; RevisionNotFoundError otherwise. */
  get(id: string): Revision {
    return this.#node(id).revision;
  }

  childrenOf(id: string): readonly string[] {
    return this.#node(id).children;
  }

  /** Resolved `dependsOn` ids. */
  dependenciesOf(id: string): readonly string[] {
    return this.#node(id).dependencies;
  }

  /** Parents that matter for ordering: `downRevisions` plus dependencies no ancestor already has. */
  normalizedDownRevisions(id: string): string[] {
    const node = this.#node(id);
    return unique([...node.revision.downRevisions, ...node.normalizedDependencies]);
  }

  /** Own and inherited branch labels. */
  branchLabelsOf(id: string): string[] {
    return [...this.#node(id).branchLabels];
  }

  isHead(id: string): boolean {
    return this.#node(id).children.length === 0;
  }

  isRealHead(id: string): boolean {
    const node = this.#node(id);
    return node.children.length === 0 && node.dependents.length === 0;
  }

  isBranchPoint(id: string): boolean {
    return this.#node(id).children.length > 1;
  }

  isRealBranchPoint(id: string): boolean {
    const node = this.#node(id);
    return new Set([...node.children, ...node.dependents]).size > 1;
  }

  isMergePoint(id: string): boolean {
    return this.#node(id).revision.downRevisions.length > 1;
  }

  /** The given revisions and all their ancestors. */
  ancestors(ids: Iterable<string>, options: TraversalOptions = {}): Set<string> {
    const includeDependencies = options.includeDependencies ?? true;
    return this.#reach(ids, (id) =>
      includeDependencies ? this.normalizedDownRevisions(id) : this.#node(id).revision.downRevisions,
    );
  }

  /** The given revisions and all their descendants. */
  descendants(ids: Iterable<string>, options: TraversalOptions = {}): Set<string> {
    const includeDependencies = options.includeDependencies ?? true;
    return this.#reach(ids, (id) => {
      const node = this.#node(id);
      return includeDependencies ? [...node.children, ...node.dependents] : node.children;
    });
  }

  #reach(start: Iterable<string>, next: (id: string) => readonly string[]): Set<string> {
    const seen = new Set<string>();
    const todo = [...start];
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      if (seen.has(id)) continue;
      seen.add(id);
      todo.push(...next(id));
    }
    return seen;
  }

  /** Whether `id` is an ancestor or a descendant of (or equal to) one of `others`. */
  sharesLineage(id: string, others: readonly string[]): boolean {
    if (others.length === 0) return true;
    const lineage = this.ancestors([id], { includeDependencies: false });
    for (const d of this.descendants([id], { includeDependencies: false })) lineage.add(d);
    return others.some((other) => lineage.has(other));
  }

  /** The ids among `ids` on the same line of history as the branch label or revision `branch`. */
  filterForLineage(ids: readonly string[], branch: string): string[] {
    const anchor = this.resolveBranch(branch);
    return ids.filter((id) => this.sharesLineage(id, [anchor]));
  }

  /** Newest first, every revision before its parents (./topological-sort.ts). */
  topologicalSort(ids: Iterable<string>, heads: readonly string[]): string[] {
    return topologicalSort(this, ids, heads);
  }

  // ---------------------------------------------------------------------------------------------
  // Identifiers

  /**
   * One revision id for `identifier` (Alembic's `get_revision`): `head` (the single head), `base`
   * (undefined), a full id, a unique prefix, a branch label, or `<branch>@<any of those>`.
   */
  resolveOne(identifier: string): string | undefined {
    const ids = this.resolveMany(identifier);
    if (ids.length > 1) throw new MultipleHeadsError(ids, identifier);
    return ids[0];
  }

  /** Like resolveOne, but `heads` (and `<branch>@heads`) give every head. `base` gives none. */
  resolveMany(identifier: string): string[] {
    const at = identifier.indexOf("@");
    const branch = at === -1 ? undefined : identifier.slice(0, at);
    const symbol = at === -1 ? identifier : identifier.slice(at + 1);
    if (symbol === "heads")
      return branch === undefined ? [...this.realHeads] : this.filterForLineage(this.heads, branch);
    if (symbol === "head") {
      const head = this.currentHead(branch);
      return head === undefined ? [] : [head];
    }
    if (symbol === "base" || symbol === "") return [];
    return [this.lookup(symbol, branch)];
  }

  /** The single head (of `branch`, when given); MultipleHeadsError when there are several. */
  currentHead(branch?: string): string | undefined {
    const heads = branch === undefined ? this.heads : this.filterForLineage(this.heads, branch);
    if (heads.length > 1)
      throw new MultipleHeadsError(heads, branch === undefined ? "head" : `${branch}@head`);
    return heads[0];
  }

  /** A branch label's revision, or a revision identifier used as a branch anchor. */
  resolveBranch(branch: string): string {
    const labelled = this.#labels.get(branch);
    if (labelled !== undefined) return labelled;
    if (this.#nodes.has(branch)) return branch;
    try {
      return this.lookup(branch);
    } catch (error) {
      // Alembic: "No such branch: 'x'", which its CLI reports as "Can't locate revision identified by 'x'".
      if (error instanceof RevisionNotFoundError) throw new RevisionNotFoundError(branch);
      throw error;
    }
  }

  /**
   * Full id, branch label or unique prefix → full id. The last revision a squash replaces names the
   * squash; one in the middle of its range is a ReplacedRevisionError.
   */
  lookup(identifier: string, branch?: string): string {
    const anchor = branch === undefined ? undefined : this.resolveBranch(branch);
    let id = this.#nodes.has(identifier)
      ? identifier
      : (this.#labels.get(identifier) ?? this.#squashFor(identifier, false));
    if (id === undefined) {
      let candidates = [...this.#nodes.keys()].filter((candidate) => candidate.startsWith(identifier));
      if (anchor !== undefined) candidates = candidates.filter((c) => this.sharesLineage(c, [anchor]));
      if (candidates.length === 0) throw new RevisionNotFoundError(identifier);
      if (candidates.length > 1) throw new AmbiguousRevisionError(identifier, candidates);
      id = candidates[0]!;
    }
    if (anchor !== undefined && !this.sharesLineage(id, [anchor])) {
      // Alembic: "Revision x is not a member of branch 'b'", reported with the CLI's wording.
      throw new RevisionNotFoundError(identifier);
    }
    return id;
  }

  /**
   * The revision a version-table row stands for: `lookup`, except that a row in the middle of a
   * squash's range fails with a message about the database rather than about a target.
   */
  recordedRevision(row: string): string {
    if (!this.#nodes.has(row)) this.#squashFor(row, true);
    return this.lookup(row);
  }

  /** The squash that answers for `id`, the last revision it replaces; undefined when none replaces it. */
  #squashFor(id: string, recorded: boolean): string | undefined {
    const replacement = this.#replacedBy.get(id);
    if (replacement === undefined) return undefined;
    if (lastReplaced(replacement) === id) return replacement.squash;
    const { squash, replaces, filesPresent } = replacement;
    throw new ReplacedRevisionError(id, squash, replaces, recorded, filesPresent);
  }
}

function missingReference(missing: string, from: Revision): RetortError {
  return new RetortError(
    `Revision ${missing} referenced from ${from.id}${from.path ? ` (${from.path})` : ""} is not present`,
  );
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
