/**
 * `check` reads the version table and the catalog while the model loads (issue 18): the answer must be
 * the one the sequential order gave. A model whose tables live in a schema the config does not name
 * makes the early read (of the config's schemas) the wrong one, so the catalog is read again; the
 * statements a steady check sends stay few; and a model that cannot load is reported as before, even
 * when the database cannot be reached.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import { createConfiguredProject, type Project } from "../support/project.js";

const countQueries = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../bench/count-queries.cjs",
);

describeWithDatabase("check with the catalog read beside the model", () => {
  const db = useDatabase("retort_check_steady");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });
  const entity = () => path.join(project.dir, "src/entity/User.ts");

  beforeAll(() => {
    project = createConfiguredProject("users-app");
    // The table in schema "app", which the config (schemas: public) does not name.
    writeFileSync(
      entity(),
      readFileSync(entity(), "utf8").replace('@Entity("users")', '@Entity({ name: "users", schema: "app" })'),
    );
    expect(retort("revision", "--autogenerate", "-m", "users").status).toBe(0);
    expect(retort("upgrade", "head").status).toBe(0);
  });
  afterAll(() => project?.remove());

  test("in sync, twice (the second from the model cache)", () => {
    for (let run = 0; run < 2; run++) {
      const result = retort("check");
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("No new upgrade operations detected.");
    }
  });

  test("a change in the model's own schema is found", async () => {
    await query(db().url, "ALTER TABLE app.users DROP COLUMN bio");
    try {
      const result = retort("check");
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/app\.users\n +\+ add column bio /);
    } finally {
      await query(db().url, `ALTER TABLE app.users ADD COLUMN bio character varying NOT NULL DEFAULT ''`);
    }
    expect(retort("check").status).toBe(0);
  });

  test("the catalog read again for the model's schema: one statement more than a steady check", () => {
    expect(statementsOfCheck(project, db().url)).toBe(5);
  });

  test("the database behind its heads: refused before comparing", () => {
    expect(retort("downgrade", "base").status).toBe(0);
    const result = retort("check");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^FAILED: .*/);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(retort("upgrade", "head").status).toBe(0);
  });

  test("an entity that cannot load: its one line, also when the database cannot be reached (check and autogenerate)", () => {
    writeFileSync(
      entity(),
      readFileSync(entity(), "utf8").replace("@PrimaryGeneratedColumn()", "@PrimaryGeneratedColumn("),
    );
    for (const [url, command] of [db().url, "postgresql://postgres@127.0.0.1:1/none"].flatMap((url) => [
      [url, ["check"]] as const,
      [url, ["revision", "--autogenerate", "-m", "broken"]] as const,
    ])) {
      const result = project.run(command, { DATABASE_URL: url });
      expect(result.status).toBe(1);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/^FAILED: .*src\/entity\/User\.ts/);
    }
  });
});

describeWithDatabase("a steady check's statements", () => {
  const db = useDatabase("retort_check_statements");
  let project: Project;

  beforeAll(() => {
    project = createConfiguredProject("users-app");
    const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });
    expect(retort("revision", "--autogenerate", "-m", "users").status).toBe(0);
    expect(retort("upgrade", "head").status).toBe(0);
    expect(retort("check").status).toBe(0);
  });
  afterAll(() => project?.remove());

  test("four: the version table's existence and rows, the server's version, the catalog", () => {
    expect(statementsOfCheck(project, db().url)).toBe(4);
  });
});

/** The statements one `retort check` sends (bench/count-queries.cjs counts them). */
function statementsOfCheck(project: Project, url: string): number {
  const stats = path.join(project.dir, "stats.json");
  const result = project.run(["check"], {
    DATABASE_URL: url,
    RETORT_BENCH_STATS: stats,
    NODE_OPTIONS: `--require ${countQueries}`,
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(readFileSync(stats, "utf8")).statements;
}
