/**
 * TypeORM's metadata builder asks its decorator storage (`MetadataArgsStorage`) for each entity's
 * columns, relations, indices and the rest, and every one of those `filter*`/`find*` methods scans the
 * whole application's list: building N entities costs N × (all columns), quadratic, and at 5000
 * entities it is most of the build. While retort builds the metadata, the storage instance answers
 * them from per-target buckets instead.
 *
 * It changes no answer: each method is still TypeORM's own, called on a view of the storage whose list
 * holds only the records whose target is one of the method's targets, in the list's order. Every
 * method wrapped here keeps a record only when its `target` is the target asked for (or one of the
 * array of targets, an inheritance tree), in every TypeORM since 0.3.0, so the records TypeORM's method
 * would have skipped are all it does not see; its order, its duplicate-property rules and the clones
 * it makes for an inherited relation's type are its own. Methods that select otherwise
 * (`filterSingleTableChildren` walks prototypes) and methods the builder does not call are left alone.
 * test/models/indexed-metadata-args.test.ts builds every fixture's metadata with and without the index
 * and compares the two.
 *
 * The same view leaves out most records of the stub entities a partial build names (STUB_KEEPS).
 */

/** Method → the storage list it reads, for the methods whose records all have a matching `target`. */
const TARGETED_METHODS: Readonly<Record<string, string>> = {
  filterTables: "tables",
  filterColumns: "columns",
  findGenerated: "generations",
  findTree: "trees",
  filterRelations: "relations",
  filterRelationIds: "relationIds",
  filterRelationCounts: "relationCounts",
  filterIndices: "indices",
  filterForeignKeys: "foreignKeys",
  filterUniques: "uniques",
  filterChecks: "checks",
  filterExclusions: "exclusions",
  filterListeners: "entityListeners",
  filterEmbeddeds: "embeddeds",
  findJoinTable: "joinTables",
  filterJoinColumns: "joinColumns",
  findInheritanceType: "inheritances",
  findDiscriminatorValue: "discriminatorValues",
};

/**
 * What a stub entity (./partial-model.ts: an entity built only for the relations that point at it)
 * keeps: its table and its columns, so that its table name and primary key are TypeORM's own. Its
 * relations, join columns and tables, indices, uniques, checks, exclusions, foreign keys and listeners
 * are left out: they would reach entities the partial build leaves out, and its table is not converted.
 */
const STUB_KEEPS = new Set(["tables", "columns", "generations", "embeddeds"]);

type MetadataRecord = { readonly target?: unknown };
type Storage = Record<string, unknown>;

/** One list's records by target, each bucket in the list's order, with their positions for merging. */
class TargetIndex {
  readonly #buckets = new Map<unknown, { records: MetadataRecord[]; positions: number[] }>();

  constructor(
    readonly list: readonly MetadataRecord[],
    readonly length: number = list.length,
  ) {
    list.forEach((record, position) => {
      let bucket = this.#buckets.get(record.target);
      if (!bucket) {
        bucket = { records: [], positions: [] };
        this.#buckets.set(record.target, bucket);
      }
      bucket.records.push(record);
      bucket.positions.push(position);
    });
  }

  /** Whether the list is still the one indexed (the storage only ever appends to its lists). */
  covers(list: unknown): boolean {
    return list === this.list && this.list.length === this.length;
  }

  /** The records whose target is `target` (or one of them, for an array), in the list's order. */
  recordsFor(target: unknown): readonly MetadataRecord[] {
    if (!Array.isArray(target)) return this.#buckets.get(target)?.records ?? [];
    const buckets = [...new Set(target)].flatMap((one) => this.#buckets.get(one) ?? []);
    if (buckets.length === 0) return [];
    if (buckets.length === 1) return buckets[0]!.records;
    const merged = buckets.flatMap((bucket) =>
      bucket.records.map((record, i) => ({ record, position: bucket.positions[i]! })),
    );
    merged.sort((a, b) => a.position - b.position);
    return merged.map((entry) => entry.record);
  }
}

/**
 * Runs `build` with `storage`'s targeted methods answered from buckets; restores the instance after.
 * A storage of another shape (no such method or list) keeps TypeORM's own method for that part.
 */
export async function withIndexedMetadataArgs<T>(
  storage: unknown,
  build: () => Promise<T>,
  stubs: ReadonlySet<unknown> = new Set(),
): Promise<T> {
  if (typeof storage !== "object" || storage === null) return build();
  const instance = storage as Storage;
  const installed: string[] = [];
  for (const [method, listName] of Object.entries(TARGETED_METHODS)) {
    const original = instance[method];
    if (typeof original !== "function" || Object.hasOwn(instance, method)) continue;
    if (!Array.isArray(instance[listName])) continue;
    let index: TargetIndex | undefined;
    instance[method] = (target: unknown, ...rest: unknown[]) => {
      const list = instance[listName] as MetadataRecord[];
      if (!index?.covers(list)) index = new TargetIndex(list);
      const view = Object.create(instance) as Storage;
      // An inheritance tree is asked for as an array, the entity first.
      const stubbed = !STUB_KEEPS.has(listName) && stubs.has(Array.isArray(target) ? target[0] : target);
      view[listName] = stubbed ? [] : index.recordsFor(target);
      return (original as (...args: unknown[]) => unknown).call(view, target, ...rest);
    };
    installed.push(method);
  }
  try {
    return await build();
  } finally {
    for (const method of installed) delete instance[method];
  }
}
