/**
 * The `pg` driver, loaded on first use (`retort history` and `heads` never connect).
 *
 * When it loads, pg checks whether it runs in a Cloudflare Worker: by `navigator.userAgent` where
 * there is a `navigator` (Node 21 and later), otherwise by constructing a fetch `Response`, which on
 * Node 20 loads Node's whole fetch implementation: half of the 60 ms pg takes to load, on every command
 * that connects. A `navigator` that says Node is present just while pg loads, unless one exists.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let driver: typeof import("pg") | undefined;

export function pgDriver(): typeof import("pg") {
  if (driver) return driver;
  const global = globalThis as { navigator?: unknown };
  if (global.navigator !== undefined) {
    driver = require("pg") as typeof import("pg");
    return driver;
  }
  Object.defineProperty(globalThis, "navigator", {
    value: { userAgent: `Node.js/${process.versions.node}` },
    configurable: true,
    writable: true,
  });
  try {
    driver = require("pg") as typeof import("pg");
  } finally {
    delete global.navigator;
  }
  return driver;
}
