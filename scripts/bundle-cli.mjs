/**
 * The `retort` command as a bundle: retort's own modules from tsc's output, joined by rolldown into
 * `<dist>/bundle/`, with `<dist>/cli.js` (the package's `bin`) a two-line file that imports it. A
 * steady `check` then loads about thirty-five files of retort's instead of a hundred and thirty (Node
 * resolves, reads and links each ES module apart).
 * - Packages (pg, typeorm, ts-morph, swc, PGlite...) and Node's modules stay imports: only retort's own
 *   modules, the relative imports, are bundled.
 * - A lazy `import()` stays lazy: rolldown makes it a chunk of its own, loaded when the import runs, so
 *   what a steady run never loads (the model reader, canonicalisation, codegen, the embedded database)
 *   stays unloaded.
 * - The chunks sit one folder below dist/, where every compiled module sits (dist/cli/, dist/loader/),
 *   so the paths retort finds from `import.meta.url` are the same from a chunk: `../../package.json`
 *   (the version) and `..` (retort's root, dist/, in ../src/loader/project-files.ts).
 * - The library (`import "retort"`, dist/index.js) is not bundled: it keeps tsc's modules.
 * - A chunk's name holds a hash of its content, so a new build's chunks are new files. A retort started
 *   on the previous build imports its lazy chunks by the previous names, from dist/bundle/ after the
 *   swap: the previous build's chunks (those its cli.js reaches) are copied beside the new ones. Only
 *   one build back: what the previous build had itself carried over is not reachable from its cli.js.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { rolldown } from "rolldown";

/** Bundles `<dist>/cli.js` into `<dist>/bundle/`, keeping the chunks of `previous` (the dist/ in use). */
export async function bundleCli(dist, previous) {
  const bundle = await rolldown({
    input: { cli: path.join(dist, "cli.js") },
    platform: "node",
    // Only relative specifiers are retort's own modules; a package or `node:` module stays an import.
    external: (id, importer) => importer !== undefined && !id.startsWith(".") && !path.isAbsolute(id),
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
      format: "esm",
      entryFileNames: "[name].js",
      chunkFileNames: "[name]-[hash].js",
      sourcemap: true,
    });
  } finally {
    await bundle.close();
  }
  writeFileSync(path.join(dist, "cli.js"), '#!/usr/bin/env node\nimport "./bundle/cli.js";\n');
  rmSync(path.join(dist, "cli.js.map"), { force: true });
  if (previous) keepPreviousChunks(path.join(previous, "bundle"), path.join(dist, "bundle"));
}

/** Copies the chunks `from`/cli.js imports, statically or lazily, that `to` lacks. */
function keepPreviousChunks(from, to) {
  const reached = new Set(["cli.js"]);
  for (const name of reached) {
    let code;
    try {
      code = readFileSync(path.join(from, name), "utf8");
    } catch {
      continue;
    }
    for (const [, chunk] of code.matchAll(/["']\.\/([^"'/]+\.js)["']/g)) reached.add(chunk);
  }
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
