/**
 * What TypeORM's decorators recorded for each entity class (its `MetadataArgsStorage` records: the
 * class's own, its parent classes', its embedded classes'), as one digest per entity, and the classes
 * its relations point at. TypeORM builds an entity's metadata from these records and from its relations'
 * targets: an entity whose digest and whose targets' digests are unchanged builds the same table, which
 * is what lets the model be rebuilt in part after an edit (./partial-model.ts).
 *
 * Every list of the storage is read, by target, whatever TypeORM version made it. A record is written
 * out field by field; a function as its text, and the functions whose result TypeORM uses for the
 * schema (a column's `default`, a relation's or embedded's `type`, an index's or unique's `columns`, a
 * relation's `inverseSideProperty`) also by what they return, so that a function of unchanged text
 * returning another value (a constant imported from an edited file) changes the digest.
 */
import { createHash } from "node:crypto";

/** A class a record names (an entity's, a parent's, an embedded's): only its identity and name are used. */
// biome-ignore lint/complexity/noBannedTypes: records name classes of every shape, compiled to any target
export type RecordTarget = Function;

type Storage = Record<string, unknown>;
type MetadataRecord = Record<string, unknown> & { readonly target?: unknown };

/** Lists whose records make inheritance or trees: a model with any is never rebuilt in part. */
const WHOLE_MODEL_LISTS = ["inheritances", "discriminatorValues", "trees"];
/** Fields holding a function TypeORM calls to build the schema: described by their result too. */
const CALLED_FIELDS = new Set(["default", "type", "columns", "inverseSideProperty"]);

export interface EntityArgs {
  /** The digest of everything recorded for `entity`, or undefined when something cannot be described. */
  digest(entity: RecordTarget): string | undefined;
  /** The classes `entity`'s relations point at; undefined when one is named by a string, or unknown. */
  relationTargets(entity: RecordTarget): readonly RecordTarget[] | undefined;
}

/**
 * The storage's records by target, or undefined when the model uses inheritance or trees (whose
 * tables are made of several classes' records) or the storage is not of a known shape.
 */
export function readEntityArgs(
  storage: unknown,
  nameOf: (target: RecordTarget) => string,
): EntityArgs | undefined {
  if (typeof storage !== "object" || storage === null) return undefined;
  const lists = Object.entries(storage as Storage).filter((entry): entry is [string, MetadataRecord[]] =>
    Array.isArray(entry[1]),
  );
  if (!lists.some(([name]) => name === "tables")) return undefined;
  if (lists.some(([name, records]) => WHOLE_MODEL_LISTS.includes(name) && records.length > 0))
    return undefined;
  const byTarget = new Map<unknown, [string, MetadataRecord][]>();
  for (const [name, records] of lists)
    for (const record of records) {
      if (typeof record !== "object" || record === null) continue;
      const bucket = byTarget.get(record.target);
      if (bucket) bucket.push([name, record]);
      else byTarget.set(record.target, [[name, record]]);
    }
  const describer = new Describer(nameOf);

  /** The classes the `list` records of `classes` name as their `type`; undefined when one names none. */
  const typesIn = (classes: readonly RecordTarget[], list: string): RecordTarget[] | undefined => {
    const types: RecordTarget[] = [];
    for (const one of classes)
      for (const [name, record] of byTarget.get(one) ?? []) {
        if (name !== list) continue;
        const type = resolved(record.type);
        if (typeof type !== "function") return undefined;
        types.push(type);
      }
    return types;
  };

  /** The classes whose records make `entity`'s table: its inheritance tree and its embeddeds' trees. */
  const classesOf = (entity: RecordTarget): RecordTarget[] | undefined => {
    const classes: RecordTarget[] = [];
    const queue = [entity];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const tree = inheritanceTree(next).filter((one) => !classes.includes(one));
      classes.push(...tree);
      const embedded = typesIn(tree, "embeddeds");
      if (!embedded) return undefined;
      queue.push(...embedded);
    }
    return classes;
  };

  return {
    digest(entity) {
      const classes = classesOf(entity);
      if (!classes) return undefined;
      const hash = createHash("sha1");
      for (const one of classes) {
        // Each class's records (list name and record pairs) in one piece of JSON and what it leaves out.
        const described = describer.record(byTarget.get(one) ?? []);
        if (described === undefined) return undefined;
        hash.update(`class ${nameOf(one)}\n${described}\n`);
      }
      return hash.digest("base64");
    },
    relationTargets(entity) {
      const classes = classesOf(entity);
      return classes && typesIn(classes, "relations");
    },
  };
}

/**
 * A digest of any value (a DataSource's options) written out as records are: JSON plus what JSON
 * leaves out, a class by `nameOf`; undefined when it cannot be written out (a cycle).
 */
export function valueDigest(value: unknown, nameOf: (target: RecordTarget) => string): string | undefined {
  const text = new Describer(nameOf).record(value);
  return text === undefined ? undefined : createHash("sha1").update(text).digest("base64");
}

/** TypeORM's inheritance tree of a class: it and each parent class with a name (MetadataUtils). */
function inheritanceTree(entity: RecordTarget): RecordTarget[] {
  const tree = [entity];
  for (let proto = Object.getPrototypeOf(entity); proto?.name; proto = Object.getPrototypeOf(proto))
    tree.push(proto);
  return tree;
}

/** A relation's or embedded's `type`: a class, or a function returning one (or a name). */
function resolved(type: unknown): unknown {
  if (typeof type !== "function" || isClass(type)) return type;
  try {
    return (type as () => unknown)();
  } catch {
    return undefined;
  }
}

const classes = new WeakMap<RecordTarget, boolean>();

function isClass(value: RecordTarget): boolean {
  let known = classes.get(value);
  if (known === undefined) {
    // A class, or a built-in constructor (String, Date: reflect-metadata's design types).
    const text = Function.prototype.toString.call(value);
    known = text.startsWith("class") || (text.includes("[native code]") && value.prototype !== undefined);
    classes.set(value, known);
  }
  return known;
}

/** A property path as TypeORM's `propertiesMap` gives it: `(entity) => [entity.name]` reads `name`. */
const PATH = Symbol("property path");

function propertyPaths(prefix = ""): unknown {
  return new Proxy(
    {},
    {
      get(_, key) {
        if (key === PATH || key === Symbol.toPrimitive || key === "toString")
          return key === PATH ? prefix : () => prefix;
        return typeof key === "string" ? propertyPaths(prefix ? `${prefix}.${key}` : key) : undefined;
      },
    },
  );
}

/**
 * A record as text: its JSON (native, and quick: a model's records are thousands), followed by what
 * JSON leaves out, found by a walk of the record: each function by its text or, for the fields TypeORM
 * calls, by what it returns; a class by name; a class instance's class; a regular expression.
 */
class Describer {
  constructor(readonly nameOf: (target: RecordTarget) => string) {}

  /** Undefined when the records cannot be written out (a cycle, a BigInt). */
  record(record: unknown): string | undefined {
    try {
      return this.#described(record, true);
    } catch {
      return undefined;
    }
  }

  /** JSON, then each thing JSON left out, numbered by its place in the walk (which JSON's shape fixes). */
  #described(value: unknown, records = false): string {
    const extras: string[] = [];
    const walk = { count: 0, extras, records };
    this.#walk(value, "", 0, walk);
    const json = JSON.stringify(value) ?? "undefined";
    return extras.length === 0 ? json : `${json} ${extras.join(" ")}`;
  }

  #walk(
    value: unknown,
    key: string,
    depth: number,
    walk: { count: number; extras: string[]; records: boolean },
  ): void {
    const at = walk.count++;
    if (typeof value === "function") {
      // A record's target (a class's records are [list, record] pairs: depth 3) is the class whose
      // records these are, whatever the class was compiled to: named with them already.
      if (!(walk.records && depth === 3 && key === "target"))
        walk.extras.push(`${at}=${this.#function(value as RecordTarget, key)}`);
      return;
    }
    if (typeof value === "bigint" || typeof value === "symbol") {
      walk.extras.push(`${at}=${String(value)}`);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (value instanceof RegExp) {
      walk.extras.push(`${at}=${String(value)}`);
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.#walk(value[i], "", depth + 1, walk);
      return;
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null && !(value instanceof Date))
      walk.extras.push(`${at}:${prototype?.constructor?.name ?? "?"}`);
    for (const field in value) this.#walk((value as Record<string, unknown>)[field], field, depth + 1, walk);
  }

  #function(fn: RecordTarget, field: string): string {
    if (isClass(fn)) return `class ${this.nameOf(fn)}`;
    // What TypeORM takes from such a function is its result, and the result is what is written.
    if (!CALLED_FIELDS.has(field)) return `function ${Function.prototype.toString.call(fn)}`;
    let result: unknown;
    try {
      result = (fn as (properties: unknown) => unknown)(propertyPaths());
    } catch {
      return `function ${Function.prototype.toString.call(fn)} throws`;
    }
    return `returns ${this.#result(result)}`;
  }

  /** A function's result: a class by name, a property path, JSON otherwise (with what JSON leaves out). */
  #result(result: unknown): string {
    if (typeof result === "function") return this.#function(result as RecordTarget, "");
    if (Array.isArray(result)) return `[${result.map((item) => this.#result(item)).join(",")}]`;
    const path =
      typeof result === "object" && result !== null ? (result as { [PATH]?: unknown })[PATH] : undefined;
    if (typeof path === "string") return `path ${path}`;
    return this.#described(result);
  }
}
