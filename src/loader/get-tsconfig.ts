/**
 * get-tsconfig, loaded when first asked for: a run that reads no tsconfig (a steady `check` takes the
 * model from its cache and loads no module through the loader) does not load the package, which cost
 * such a run 8-10 ms. Its CommonJS build, so that the synchronous paths that ask (module resolution)
 * can load it on the spot.
 */
import { createRequire } from "node:module";
import type * as GetTsconfig from "get-tsconfig";

const require = createRequire(import.meta.url);
let loaded: typeof GetTsconfig | undefined;

export function getTsconfigPackage(): typeof GetTsconfig {
  loaded ??= require("get-tsconfig") as typeof GetTsconfig;
  return loaded;
}
