/**
 * What the `retort` command does before its own modules load: dist/cli.cjs requires this first, then
 * the command (scripts/bundle-cli.mjs bundles both). V8's flags come first: a code cache's data is
 * valid only under the flags it was made with, and from here on retort's chunks and the packages they
 * require are compiled through the project's code cache (../loader/code-cache.ts).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileWebAssemblyOnce } from "./embedded/wasm-tier.js";
import { cacheCommandModules } from "./loader/code-cache.js";

compileWebAssemblyOnce();
cacheCommandModules(path.dirname(fileURLToPath(import.meta.url)));
