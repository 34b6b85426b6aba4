// `npm run build`: compiles src/ into a new directory beside dist/ and swaps it in when tsc is done.
// - It starts from empty, so a module deleted from src/ is not published from an earlier build.
// - dist/ is never missing or half-written while tsc runs (25 s on a loaded machine): a retort started
//   meanwhile, by a test run or by hand, runs the old build, and only the two renames separate them.
// The new directory sits at dist/'s depth, so the source maps' relative paths to src/ are the same.
// - The CLI is then bundled (./bundle-cli.mjs): dist/cli.cjs starts retort's own modules from a few
//   files in dist/bundle/ instead of a hundred and thirty; everything else in dist/ stays tsc's output.
//   The previous build's chunks stay beside the new ones, so that a retort started before the swap
//   still finds the chunks it imports lazily after it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli } from "./bundle-cli.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const next = path.join(root, `.dist-next-${process.pid}`);
const old = path.join(root, `.dist-old-${process.pid}`);

removeLeftovers();
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", next], {
  cwd: root,
  stdio: "inherit",
});
if (result.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
try {
  // Not for a package (`--package`: `npm pack` and `npm publish` build first): it ships the one build.
  await bundleCli(next, process.argv.includes("--package") ? undefined : dist);
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  throw error;
}
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });

/** What a build that was killed left behind (its process is gone). */
function removeLeftovers() {
  for (const name of readdirSync(root)) {
    const pid = /^\.dist-(?:next|old)-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid)))
      rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
