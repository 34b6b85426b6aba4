/**
 * Where the embedded template lives: once per user (RETORT_CACHE_DIR here, the user's cache directory
 * otherwise), so the first start in a second project copies it instead of running initdb; in the
 * project's `.retort/` when that directory cannot be created.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

const INITIALISING = "Initialising an embedded PostgreSQL template in";

const templatesIn = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith("template-pglite-")) : [];

describe("the embedded template is kept once per user", () => {
  let first: MigrationsProject;
  let second: MigrationsProject;
  let cache: string;

  beforeAll(() => {
    first = createMigrationsProject();
    second = createMigrationsProject();
    cache = path.join(first.dir, "user-cache");
  });
  afterAll(() => {
    first?.remove();
    second?.remove();
  });

  test("the first start on the machine initialises it in the user's cache, not in the project", () => {
    const result = first.run(["current"], { RETORT_CACHE_DIR: cache });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain(`${INITIALISING} ${cache}`);
    expect(templatesIn(cache)).toHaveLength(1);
    expect(templatesIn(path.join(first.dir, ".retort"))).toEqual([]);
  });

  test("the first start in another project copies it (no initdb), and an old project template is removed", () => {
    // What an earlier retort left in the project: 40 MB it no longer reads.
    const old = path.join(second.dir, ".retort/template-pglite-0.0.1");
    mkdirSync(old, { recursive: true });
    writeFileSync(path.join(old, "PG_VERSION"), "17\n");
    const result = second.run(["current"], { RETORT_CACHE_DIR: cache });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("<base> (no revision applied)\n");
    expect(result.stdout + result.stderr).not.toContain(INITIALISING);
    expect(existsSync(path.join(second.dir, ".retort/pgdata/PG_VERSION"))).toBe(true);
    expect(existsSync(old)).toBe(false);
  });

  test("a cache directory that cannot be created: the template is kept in the project", () => {
    const blocker = path.join(second.dir, "a-file");
    writeFileSync(blocker, "");
    const project = createMigrationsProject();
    try {
      const result = project.run(["current"], { RETORT_CACHE_DIR: path.join(blocker, "cache") });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout + result.stderr).toContain(`${INITIALISING} ${path.join(project.dir, ".retort")}`);
      expect(templatesIn(path.join(project.dir, ".retort"))).toHaveLength(1);
    } finally {
      project.remove();
    }
  });
});
