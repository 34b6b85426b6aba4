/**
 * The bundled example (examples/blog) and `npm run demo`, the README's main job: the committed history
 * round-trips, the entities hold exactly one change the migrations lack, and the demo runs on the
 * embedded database and leaves the example as it found it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createProject, type Project } from "../support/project.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const example = path.join(repoRoot, "examples/blog");

/** Every file under a directory with its size and mtime: what "left as it found it" means here. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .sort()
    .map((name) => {
      const stat = statSync(path.join(dir, name));
      return `${name} ${stat.size} ${stat.mtimeMs}`;
    });
}

describe("the blog example", () => {
  let project: Project;

  beforeAll(() => {
    project = createProject();
    cpSync(example, project.dir, { recursive: true });
  });
  afterAll(() => project?.remove());

  test("check --shadow: the history round-trips, and the one pending change is the post summary", () => {
    const result = project.run(["check", "--shadow"]);
    expect(result.stdout).toBe(
      "Detected 1 operation:\n  post\n    + add column summary character varying(280)\n",
    );
    expect(result.stderr).toContain("Detected added column 'post.summary'");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Running downgrade 1a2b3c4d5e6f -> , create author table");
  });
});

// Six CLI runs in a row, each starting PGlite: slow on a busy machine.
test("npm run demo: upgrade, autogenerate, show, upgrade, history; the example is left untouched", {
  timeout: 300_000,
}, () => {
  const before = listing(example);
  // The demo ignores DATABASE_URL itself; unsetting it here proves it needs no server either way.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, [path.join(repoRoot, "scripts/demo.mjs")], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
  });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  expect(result.stderr).toContain("Running upgrade 2b3c4d5e6f7a -> 3c4d5e6f7a8b, publish posts");
  expect(result.stderr).toContain("Detected added column 'post.summary'");
  expect(result.stdout).toContain(
    'await op.addColumn("post", { name: "summary", type: "character varying(280)", nullable: true });',
  );
  expect(result.stdout).toMatch(/3c4d5e6f7a8b -> [0-9a-f]{12} \(head\) \(current\), add post summary/);
  expect(listing(example)).toEqual(before);
  const copy = /copied to (\S+)/.exec(result.stdout)?.[1];
  expect(copy && readdirSync(path.dirname(copy)).includes(path.basename(copy))).toBe(false);
});
