/**
 * The `retort` command as a bundle: retort's own modules from tsc's output, joined by rolldown into
 * CommonJS chunks in `<dist>/bundle/`, with `<dist>/cli.cjs` (the package's `bin`) a two-line file that
 * requires the first. A steady `check` then loads about thirty-five files of retort's instead of a
 * hundred and thirty.
 * - CommonJS, not ES modules: on Node 20 the ES module loader's own work (resolving, linking and
 *   instantiating each module, asynchronously, and its packages through their ES module wrappers) was
 *   the difference between 83 and 68 ms for `retort --version` (`node -e 0`: 55), and 614 against
 *   575 ms (median of 9 alternating runs) for a `revision --autogenerate` after one entity's edit at
 *   N = 500. tsc's modules stay ES modules (the library, dist/index.js); only the bundle is CommonJS,
 *   so the `bin` is a `.cjs` file (an ES module importing the bundle would bring the loader back).
 * - Packages (pg, typeorm, ts-morph, swc, PGlite...) and Node's modules stay `require`s: only retort's
 *   own modules, the relative imports, are bundled, and the few packages of INLINED_PACKAGES.
 * - A lazy `import()` stays lazy: rolldown makes it a chunk of its own, required when the import runs,
 *   so what a steady run never loads (the model reader, canonicalisation, codegen, the embedded
 *   database) stays unloaded.
 * - The chunks sit one folder below dist/, where every compiled module sits (dist/cli/, dist/loader/),
 *   so the paths retort finds from `import.meta.url` (which rolldown turns into the chunk's own file
 *   URL) are the same from a chunk: `../../package.json` (the version) and `..` (retort's root, dist/,
 *   in ../src/loader/project-files.ts).
 * - A chunk's name holds a hash of its content, so a new build's chunks are new files. A retort started
 *   on the previous build requires its lazy chunks by the previous names, from dist/bundle/ after the
 *   swap: the previous build's chunks (those its cli.cjs reaches) are copied beside the new ones. Only
 *   one build back: what the previous build had itself carried over is not reachable from its cli.cjs.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { rolldown } from "rolldown";

/**
 * Packages bundled into the chunks instead of required. The bundle is CommonJS, and a CommonJS
 * `require` of these does not give the default export retort's modules import: code-block-writer's
 * CommonJS build exports `{ default: CodeBlockWriter }` (rolldown, following Node, takes a CommonJS
 * module's whole `module.exports` as its default), and env-paths has only an ES module build (whose
 * `require` gives its namespace). Bundled, they are their ES module builds, as an `import` loads them.
 */
const INLINED_PACKAGES = new Set(["code-block-writer", "env-paths"]);

/** Bundles `<dist>/cli.js` (tsc's) into `<dist>/bundle/`, keeping the chunks of `previous` (the dist/ in use). */
export async function bundleCli(dist, previous) {
  const bundle = await rolldown({
    input: { cli: path.join(dist, "cli.js") },
    platform: "node",
    // Only relative specifiers are retort's own modules; a package or `node:` module stays a require,
    // but for the few whose default export a require does not give (see INLINED_PACKAGES).
    external: (id, importer) =>
      importer !== undefined && !id.startsWith(".") && !path.isAbsolute(id) && !INLINED_PACKAGES.has(id),
    plugins: [tscSourceMaps],
    logLevel: "warn",
    onLog(level, log, handler) {
      // tsc's output imports some modules both statically and lazily; rolldown says so, and keeps
      // the static import, which is what Node would do too.
      if (log.code === "INEFFECTIVE_DYNAMIC_IMPORT") return;
      handler(level, log);
    },
  });
  try {
    await bundle.write({
      dir: path.join(dist, "bundle"),
      format: "cjs",
      entryFileNames: "[name].cjs",
      chunkFileNames: "[name]-[hash].cjs",
      sourcemap: true,
    });
  } finally {
    await bundle.close();
  }
  writeFileSync(path.join(dist, "cli.cjs"), '#!/usr/bin/env node\nrequire("./bundle/cli.cjs");\n');
  // tsc's cli.js was the bundle's input. In its place, an ES module that imports the launcher: `node
  // dist/cli.js`, the command's path before the bundle was CommonJS (scripts and READMEs name it),
  // still runs it. The `bin` is cli.cjs, which skips the ES module loader (about 15 ms).
  for (const name of ["cli.js.map", "cli.d.ts"]) rmSync(path.join(dist, name), { force: true });
  writeFileSync(path.join(dist, "cli.js"), '#!/usr/bin/env node\nimport "./cli.cjs";\n');
  if (previous) keepPreviousChunks(path.join(previous, "bundle"), path.join(dist, "bundle"));
}

/**
 * Copies the chunks `from`/cli.cjs requires, statically or lazily, that `to` lacks (or those an ES
 * module build's cli.js imports: the build before the bundle was CommonJS).
 */
function keepPreviousChunks(from, to) {
  const reached = new Set(["cli.cjs", "cli.js"]);
  for (const name of reached) {
    let code;
    try {
      code = readFileSync(path.join(from, name), "utf8");
    } catch {
      continue;
    }
    for (const [, chunk] of code.matchAll(/["']\.\/([^"'/]+\.c?js)["']/g)) reached.add(chunk);
  }
  reached.delete("cli.cjs");
  reached.delete("cli.js");
  for (const name of reached)
    if (existsSync(path.join(from, name)) && !existsSync(path.join(to, name)))
      copyFileSync(path.join(from, name), path.join(to, name));
}

/** tsc's source map of each module handed on with it, so that the bundle's maps lead to src/*.ts. */
const tscSourceMaps = {
  name: "tsc-source-maps",
  load(id) {
    if (!id.endsWith(".js") || !existsSync(`${id}.map`)) return null;
    return { code: readFileSync(id, "utf8"), map: readFileSync(`${id}.map`, "utf8") };
  },
};
