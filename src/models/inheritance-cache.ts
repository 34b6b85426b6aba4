/**
 * TypeORM's metadata builder gives every entity its child entities by asking, for each pair of
 * entities, `MetadataUtils.isInherited(child, parent)` (`child.prototype instanceof parent`): N² calls,
 * and `instanceof` against 5000 different classes misses V8's inline caches on every one, so at
 * N = 5000 those calls alone took most of a minute. While retort builds the metadata the check answers
 * from each class's prototype chain, read once per class and kept, with the parent's `prototype` read
 * once per run of calls with the same parent (the builder's inner loop). Anything `instanceof` would
 * treat otherwise (a parent with its own `Symbol.hasInstance`, a bound function, no object prototype)
 * is answered by TypeORM's own function. The classes' prototype chains must not change during the
 * build, which nothing in a build does.
 */

type IsInherited = (target1: unknown, target2: unknown) => boolean;

/** A class whose prototype inherits from Object.prototype directly: the usual entity. */
const BASE = Symbol("base class");
const defaultHasInstance = Function.prototype[Symbol.hasInstance];

/** The cached checks installed now: a build that starts while another runs uses the one installed. */
const installed = new WeakSet<object>();

function cachedIsInherited(original: IsInherited): IsInherited {
  const chains = new Map<unknown, Set<object> | typeof BASE | null>();
  const chainOf = (target: unknown) => {
    let chain = chains.get(target);
    if (chain === undefined) {
      const prototype = (target as { prototype?: unknown }).prototype;
      if (typeof prototype !== "object" && typeof prototype !== "function") chain = null;
      else if (prototype === null) chain = null;
      else if (Object.getPrototypeOf(prototype) === Object.prototype) chain = BASE;
      else {
        chain = new Set();
        for (let link = Object.getPrototypeOf(prototype); link; link = Object.getPrototypeOf(link))
          chain.add(link);
      }
      chains.set(target, chain);
    }
    return chain;
  };
  let lastParent: unknown;
  let parentPrototype: object | undefined;
  return (target1, target2) => {
    if (target2 !== lastParent) {
      lastParent = target2;
      const prototype =
        typeof target2 === "function" ? (target2 as { prototype?: unknown }).prototype : undefined;
      const plain =
        (typeof prototype === "object" || typeof prototype === "function") &&
        prototype !== null &&
        (target2 as { [Symbol.hasInstance]: unknown })[Symbol.hasInstance] === defaultHasInstance;
      parentPrototype = plain ? (prototype as object) : undefined;
    }
    if (parentPrototype === undefined || typeof target1 !== "function") return original(target1, target2);
    const chain = chainOf(target1);
    if (chain === null) return false;
    return chain === BASE ? parentPrototype === Object.prototype : chain.has(parentPrototype);
  };
}

/**
 * Runs `build` with `metadataUtils.isInherited` (TypeORM's `MetadataUtils` class) answered from the
 * cache; restores TypeORM's own after. Without such a class, runs `build` as it is.
 */
export async function withInheritanceCache<T>(metadataUtils: unknown, build: () => Promise<T>): Promise<T> {
  const utils = metadataUtils as { isInherited?: unknown } | undefined;
  const original = utils?.isInherited;
  if (typeof original !== "function" || !Object.hasOwn(utils!, "isInherited")) return build();
  if (installed.has(original)) return build();
  const descriptor = Object.getOwnPropertyDescriptor(utils, "isInherited")!;
  if (!descriptor.writable || !descriptor.configurable) return build();
  const cached = cachedIsInherited(original as IsInherited);
  installed.add(cached);
  utils!.isInherited = cached;
  try {
    return await build();
  } finally {
    Object.defineProperty(utils, "isInherited", descriptor);
  }
}
