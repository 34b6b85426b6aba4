/**
 * The published package as a user gets it: `npm pack`, installed from the tarball into a scratch
 * project that has typeorm, then `npx retort` and `require`/`import "retort"` there. Once for an ES
 * module project (`"type": "module"`, a retort.config.ts importing defineConfig from "retort") and once
 * for a CommonJS one (retort.config.js, a DataSource module, `require("retort")`).
 *
 * npm installs from its cache alone when it can (`npm ci` put everything there); when the cache lacks a
 * package and the registry does not answer, the test is skipped rather than failed. Needs `npm run
 * build` first, as every CLI test does.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeWithDatabase, useDatabase } from "../support/database.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const typeormVersion = JSON.parse(
  readFileSync(path.join(repoRoot, "node_modules/typeorm/package.json"), "utf8"),
).version as string;

let scratch: string;
let tarball: string;
/** `npm pack --json`'s account of the tarball the tests install: its name and the files in it. */
let packed: { filename: string; files: { path: string }[] };

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "retort-package-"));
  // --ignore-scripts: dist/ is already built; prepack would rebuild it under the running tests' feet.
  const output = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  packed = (JSON.parse(output) as (typeof packed)[])[0]!;
  tarball = path.join(scratch, packed.filename);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm pack", () => {
  test("lists only what a user needs: the compiled JavaScript, its types, the README and package.json", () => {
    // What the tarball the tests below install holds (not a second `npm pack --dry-run`: the same list).
    const files = packed.files.map((f) => f.path);
    expect(files).toContain("dist/cli.cjs");
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("README.md");
    expect(files.filter((f) => !/^dist\/.+\.(c?js|d\.ts)$/.test(f)).sort()).toEqual([
      "README.md",
      "package.json",
    ]);
    expect(files.some((f) => f.endsWith(".map") || f.startsWith("src/") || f.startsWith("test/"))).toBe(
      false,
    );
  });
});

/** A scratch project with retort installed from the tarball; undefined when npm could not install. */
function installProject(
  name: string,
  packageJson: object,
  files: Record<string, string>,
): string | undefined {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, "migrations"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(packageJson, null, 2));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const install = (mode: "--offline" | "--prefer-offline") =>
    spawnSync(
      npm,
      ["install", mode, "--no-audit", "--no-fund", "--loglevel=error", tarball, `typeorm@${typeormVersion}`],
      { cwd: dir, encoding: "utf8" },
    );
  // The cache alone first: without a network, npm retries each package it lacks with back-off for
  // minutes, and spawnSync blocks the worker past the test's timeout. So the registry is asked only
  // when the cache is not enough, and only if it answers a ping at once.
  // A cache miss is not always ENOTCACHED: a cache holding typeorm's tarball but not its full
  // registry document fails `--offline` as ERESOLVE ("Found: typeorm@undefined").
  let result = install("--offline");
  if (result.status !== 0) {
    if (!registryAnswers()) return undefined;
    result = install("--prefer-offline");
  }
  if (result.status !== 0) {
    if (/ENOTFOUND|EAI_AGAIN|EAI_FAIL|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|offline/i.test(result.stderr))
      return undefined;
    throw new Error(`npm install failed in ${dir}:\n${result.stderr}`);
  }
  return dir;
}

/** One try, no retries: offline it fails within milliseconds (or ten seconds behind a dead proxy). */
function registryAnswers(): boolean {
  const ping = spawnSync(npm, ["ping", "--fetch-retries=0", "--fetch-timeout=10000", "--loglevel=silent"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return ping.status === 0;
}

function npx(dir: string, url: string, ...args: string[]) {
  // --no-install: the local bin or nothing; never a package of the same name from the registry.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return spawnSync(npm, ["exec", "--no-install", "--", "retort", ...args], {
    cwd: dir,
    env: { ...env, DATABASE_URL: url, NO_COLOR: "1" },
    encoding: "utf8",
  });
}

const BOOK_ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity()
export class Book {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  title!: string;
}
`;

describeWithDatabase("npx retort in an ES module project", () => {
  const db = useDatabase("retort_pkg_esm");

  test("config importing from retort, autogenerate, upgrade, check, and the library by import", (context) => {
    const dir = installProject(
      "esm-app",
      { name: "esm-app", private: true, type: "module" },
      {
        "src/entity/Book.ts": BOOK_ENTITY,
        "retort.config.ts":
          'import { defineConfig } from "retort";\n\nexport default defineConfig({ entities: ["src/entity/*.ts"] });\n',
        "app.mjs":
          'import { heads } from "retort";\nconst { heads: found } = await heads();\nconsole.log(found.map((h) => h.message).join());\n',
      },
    );
    if (!dir) return context.skip("npm could not install the packages (offline, and not in the cache)");

    const revision = npx(dir, db().url, "revision", "--autogenerate", "-m", "create books");
    expect(revision.status, revision.stderr).toBe(0);
    expect(readdirSync(path.join(dir, "migrations"))).toEqual([expect.stringMatching(/_create_books\.ts$/)]);
    expect(npx(dir, db().url, "upgrade", "head").status).toBe(0);
    const check = npx(dir, db().url, "check");
    expect(check.stdout).toBe("No new upgrade operations detected.\n");
    const app = spawnSync(process.execPath, ["app.mjs"], { cwd: dir, encoding: "utf8" });
    expect(app.stdout, app.stderr).toBe("create books\n");
    expect(app.stderr).toBe("");
  });
});

describeWithDatabase("npx retort in a CommonJS project", () => {
  const db = useDatabase("retort_pkg_cjs");

  test("a DataSource module, retort.config.js, and the library by require, at app start", (context) => {
    const dir = installProject(
      "cjs-app",
      { name: "cjs-app", private: true },
      {
        "src/entity/Book.ts": BOOK_ENTITY,
        "src/data-source.ts":
          'import "reflect-metadata";\nimport { DataSource } from "typeorm";\nimport { Book } from "./entity/Book";\n\n' +
          'export const AppDataSource = new DataSource({ type: "postgres", url: process.env.DATABASE_URL, entities: [Book] });\n',
        "retort.config.js":
          '/** @type {import("retort").RetortConfig} */\nmodule.exports = { dataSource: "./src/data-source.ts" };\n',
        // What an application's start-up does: its own DataSource, then retort's migrations.
        "start.cjs":
          'const { runRetortMigrations } = require("retort");\nconst { DataSource } = require("typeorm");\n' +
          'const dataSource = new DataSource({ type: "postgres", url: process.env.DATABASE_URL });\n' +
          "dataSource.initialize().then(async () => {\n" +
          "  const steps = await runRetortMigrations(dataSource);\n" +
          "  console.log(steps.map((s) => s.message).join());\n" +
          "  await dataSource.destroy();\n" +
          "});\n",
      },
    );
    if (!dir) return context.skip("npm could not install the packages (offline, and not in the cache)");

    const revision = npx(dir, db().url, "revision", "--autogenerate", "-m", "create books");
    expect(revision.status, revision.stderr).toBe(0);
    expect(revision.stderr).toContain("Detected added table 'book'");
    const start = spawnSync(process.execPath, ["start.cjs"], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: db().url },
      encoding: "utf8",
    });
    expect(start.stdout, start.stderr).toBe("create books\n");
    expect(start.stderr).toBe("");
    expect(npx(dir, db().url, "current").stdout).toMatch(/^[0-9a-f]{12} \(head\)\n$/);
    expect(npx(dir, db().url, "check").status).toBe(0);
  });
});
