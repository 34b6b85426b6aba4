/**
 * `npm run build` (scripts/build.mjs) on a scratch copy: dist/ stays whole while tsc runs (a CLI started
 * meanwhile keeps working), is replaced in one step at the end with nothing left of the old build, and
 * is left as it was when the compile fails.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, test } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "retort-build-"));
  mkdirSync(path.join(root, "scripts"));
  for (const script of ["build.mjs", "bundle-cli.mjs"])
    copyFileSync(path.join(repoRoot, "scripts", script), path.join(root, "scripts", script));
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  writeFileSync(
    path.join(root, "tsconfig.build.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        target: "ES2022",
        rootDir: "src",
        outDir: "dist",
        sourceMap: true,
        // Without @types/node (its 130 files, and the DOM's lib) tsc compiles this project in under a
        // second instead of five: it runs five times here, and what is tested is the script around it.
        // src/globals.d.ts declares the little of Node the scratch modules use.
        lib: ["ES2022"],
        types: [],
      },
      include: ["src"],
    }),
  );
  mkdirSync(path.join(root, "src"));
  writeFileSync(
    path.join(root, "src/globals.d.ts"),
    [
      "declare const console: { log(...values: unknown[]): void };",
      "declare const process: {",
      "  stdout: { write(text: string): boolean };",
      '  stdin: { once(event: "data", listener: () => void): void };',
      "};",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(root, "src/cli.ts"), 'console.log("new build");\n');
  // The previous build, with a module src/ no longer has.
  mkdirSync(path.join(root, "dist"));
  writeFileSync(path.join(root, "dist/cli.cjs"), 'console.log("old build");\n');
  writeFileSync(path.join(root, "dist/deleted.js"), "\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the build, checking every few milliseconds meanwhile that dist/ still holds a whole build. */
async function buildWatchingDist(): Promise<{
  status: number | null;
  whileBuilding: Set<string>;
  /** dist/cli.cjs was seen missing with no old build set aside: not the swap's brief gap. */
  missingOutsideTheSwap: boolean;
}> {
  const child = spawn(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "ignore" });
  const whileBuilding = new Set<string>();
  let missingOutsideTheSwap = false;
  let running = true;
  const done = new Promise<number | null>((resolve) =>
    child.on("close", (status) => {
      running = false;
      resolve(status);
    }),
  );
  while (running) {
    // Between the two renames dist/ is briefly absent (also between this look and this read: the
    // rename can fall between them); anything else must be one build or the other.
    // That gap is the only one: dist/ is then .dist-old-<pid>. Missing with no such directory is
    // missing for good, unless the swap ended between the two looks, so cli.cjs is read once more.
    const cli = readIfPresent(path.join(root, "dist/cli.cjs"));
    if (cli !== undefined) whileBuilding.add(cli);
    else if (
      !readdirSync(root).some((name) => name.startsWith(".dist-old-")) &&
      readIfPresent(path.join(root, "dist/cli.cjs")) === undefined
    )
      missingOutsideTheSwap = true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { status: await done, whileBuilding, missingOutsideTheSwap };
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

test("dist/ holds the old build until the new one replaces it whole", async () => {
  const { status, whileBuilding, missingOutsideTheSwap } = await buildWatchingDist();
  expect(status).toBe(0);
  expect(whileBuilding).toContain('console.log("old build");\n');
  expect(missingOutsideTheSwap).toBe(false);
  // The CLI is bundled: dist/cli.cjs starts dist/bundle/cli.cjs; dist/cli.js, the older path, imports it.
  expect(readdirSync(path.join(root, "dist")).sort()).toEqual(["bundle", "cli.cjs", "cli.js"]);
  expect(readdirSync(path.join(root, "dist/bundle")).sort()).toEqual(["cli.cjs", "cli.cjs.map"]);
  for (const entry of ["dist/cli.cjs", "dist/cli.js"])
    expect(execFileSync(process.execPath, [path.join(root, entry)], { encoding: "utf8" })).toBe(
      "new build\n",
    );
  // The bundle's source map leads through tsc's to src/, from the bundle's depth, not from the
  // directory tsc wrote to.
  expect(JSON.parse(readFileSync(path.join(root, "dist/bundle/cli.cjs.map"), "utf8")).sources).toEqual([
    "../../src/cli.ts",
  ]);
  // Nothing left beside it.
  expect(readdirSync(root).filter((name) => name.startsWith(".dist"))).toEqual([]);
});

test("a failed compile leaves dist/ as it was, and what a killed build left is removed", async () => {
  writeFileSync(path.join(root, "src/cli.ts"), "const x: number = 'not a number';\n");
  // A build killed halfway (pid 2^22 + 1 is above Linux's pid_max: no such process).
  mkdirSync(path.join(root, ".dist-next-4194305"));
  const { status } = await buildWatchingDist();
  expect(status).not.toBe(0);
  expect(readdirSync(path.join(root, "dist")).sort()).toEqual(["cli.cjs", "deleted.js"]);
  expect(readdirSync(root).filter((name) => name.startsWith(".dist"))).toEqual([]);
});

test("a CLI started on the previous build still finds the chunks it imports lazily after a rebuild", async () => {
  const lazyValue = (value: string) =>
    writeFileSync(path.join(root, "src/lazy.ts"), `export const value = "${value}";\n`);
  writeFileSync(
    path.join(root, "src/cli.ts"),
    [
      'process.stdout.write("ready\\n");',
      'process.stdin.once("data", async () => console.log((await import("./lazy.js")).value));',
      "",
    ].join("\n"),
  );
  lazyValue("first build");
  const build = () =>
    expect(spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root }).status).toBe(0);
  const run = () => spawn(process.execPath, [path.join(root, "dist/cli.cjs")], { cwd: root });
  const output = (child: ReturnType<typeof run>) =>
    new Promise<string>((resolve) => {
      let text = "";
      child.stdout.on("data", (chunk) => {
        text += chunk;
      });
      child.on("close", () => resolve(text));
    });
  build();
  const started = run();
  const startedOutput = output(started);
  await new Promise((resolve) => started.stdout.once("data", resolve));
  // Rebuilt with a new lazy module while the first process waits to import its own.
  lazyValue("second build");
  build();
  started.stdin.end("go\n");
  expect(await startedOutput).toBe("ready\nfirst build\n");
  const fresh = run();
  fresh.stdin.end("go\n");
  expect(await output(fresh)).toBe("ready\nsecond build\n");
  // One build back only: a third build keeps the second's chunks, not the first's.
  const chunksSaying = (text: string) =>
    readdirSync(path.join(root, "dist/bundle")).filter(
      (f) => f.endsWith(".cjs") && readFileSync(path.join(root, "dist/bundle", f), "utf8").includes(text),
    );
  expect(chunksSaying('"first build"')).toHaveLength(1);
  build();
  expect(chunksSaying('"first build"')).toEqual([]);
  expect(chunksSaying('"second build"')).not.toEqual([]);
}, 60_000);
