/**
 * A session seen through a proxy that counts the whole-catalog fingerprints read through it
 * (src/shadow/catalog-fingerprint.ts): how a test tells a reading that went by a step's locks from one
 * that fell back to the fingerprint.
 */
import type pg from "pg";

export function countingFingerprints(client: pg.Client) {
  let count = 0;
  const counted = new Proxy(client, {
    get(target, property, receiver) {
      if (property !== "query") return Reflect.get(target, property, receiver);
      return (...args: Parameters<pg.Client["query"]>) => {
        const [config] = args as unknown as [{ name?: string } | string];
        if (typeof config === "object" && config.name?.startsWith("retort_catalog_fingerprint")) count += 1;
        return (target.query as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return {
    client: counted,
    count: () => count,
    reset: () => {
      count = 0;
    },
  };
}
