/**
 * `retort squash` through the built CLI on a real PostgreSQL server: a 30-revision history (r01 … r30, then
 * r31 and r32 after it) squashed into one revision. Then: a new database upgraded to head runs three
 * steps and equals one upgraded through the old files (catalog compare); databases before, in the
 * middle of, at the end of, and beyond the range all reach head, with the old files there and once they
 * are deleted; `current` says what the version table holds; downgrading below the squash runs its
 * downgrade; `check --shadow` is clean.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { catalog } from "../support/catalog.js";
import { describeWithServer, query, urlFor, useDatabase } from "../support/database.js";
import { migrationSource } from "../support/migrations-dir.js";
import { createProject, type Project } from "../support/project.js";
import { BLOG_HISTORY, revisionId } from "./blog-history.js";

const LOG = "INFO  [retort.runtime.migration]";
const SQUASH = "5c0a5b000001";

/** `Running upgrade a -> b, message` lines, as the CLI logs each step. */
function ran(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith(`${LOG} Running `))
    .map((line) => line.slice(`${LOG} Running `.length));
}

async function versions(url: string): Promise<string[]> {
  const rows = await query<{ version_num: string }>(url, "SELECT version_num FROM retort_version ORDER BY 1");
  return rows.map((row) => row.version_num);
}

/** `to` made a copy of `from` (a second database at the same revision, without replaying it). */
async function copyDatabase(from: { name: string }, to: { name: string }): Promise<void> {
  await query(urlFor("postgres"), `DROP DATABASE "${to.name}"`);
  await query(urlFor("postgres"), `CREATE DATABASE "${to.name}" TEMPLATE "${from.name}"`);
}

describeWithServer("squash a 30-revision history", () => {
  const throughOldFiles = useDatabase("retort_squash_old");
  const fresh = useDatabase("retort_squash_new");
  const middle = useDatabase("retort_squash_middle");
  const atEnd = useDatabase("retort_squash_end");
  const atEndAfterDelete = useDatabase("retort_squash_end2");
  const middleAfterDelete = useDatabase("retort_squash_middle2");
  let project: Project;
  const retort = (url: string, ...args: string[]) => project.run(args, { DATABASE_URL: url });
  const retortAsync = (url: string, ...args: string[]) => project.runAsync(args, { DATABASE_URL: url });
  const shadow = () => ["--shadow-url", urlFor("postgres")];
  const migrationFile = (name: string) => path.join(project.dir, "migrations", name);
  let squashFile: string;
  let builtThroughOldFiles: Awaited<ReturnType<typeof catalog>>;

  beforeAll(async () => {
    project = createProject("squash-app");
    writeFileSync(
      path.join(project.dir, "retort.config.json"),
      JSON.stringify({ entities: ["src/entity/*.ts"] }),
    );
    mkdirSync(path.join(project.dir, "migrations"));
    for (const spec of BLOG_HISTORY) {
      const slug = spec.message.replace(/\W+/g, "_");
      writeFileSync(migrationFile(`${spec.id}_${slug}.ts`), migrationSource(spec));
    }
    // Every database where it will be when the squash is written, through the old files.
    const results = await Promise.all([
      retortAsync(throughOldFiles().url, "upgrade", "head"),
      retortAsync(middle().url, "upgrade", "r15"),
      retortAsync(atEnd().url, "upgrade", "r30"),
    ]);
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    await copyDatabase(middle(), middleAfterDelete());
    await copyDatabase(atEnd(), atEndAfterDelete());
    builtThroughOldFiles = await catalog(throughOldFiles().url);
  });
  afterAll(() => project?.remove());

  test("squash base:r30 writes one revision that replaces them and lists the SQL written by hand", () => {
    const result = retort(
      fresh().url,
      "squash",
      "base:r30",
      "-m",
      "baseline",
      "--rev-id",
      SQUASH,
      ...shadow(),
    );
    expect(result.status, result.stderr).toBe(0);
    squashFile = migrationFile(`${SQUASH}_baseline.ts`);
    expect(result.stdout).toBe(`Generating ${squashFile} ...  done\n`);
    expect(result.stderr).toContain(
      `INFO  [retort.squash] ${SQUASH} replaces 30 revisions, r01 … r30. Their files can be deleted once no ` +
        `database is between them (a database at r30 or beyond reads as being at ${SQUASH}); until then, such ` +
        "a database goes on through them.\n",
    );
    expect(result.stderr).toContain(
      "WARNI [retort.squash] 2 of them ran SQL by hand (op.execute) that the new revision does not run; it is " +
        "listed at the top of the file: copy in what a new database needs\n",
    );

    const text = readFileSync(squashFile, "utf8");
    const replaced = Array.from({ length: 30 }, (_, i) => `  "${revisionId(i + 1)}"`).join(",\n");
    expect(text).toContain(
      `export const revision = "${SQUASH}";\n` +
        "export const downRevision: string | readonly string[] | null = null;\n" +
        `export const replaces = [\n${replaced}\n];\n`,
    );
    expect(text).toContain(
      " */\n" +
        "// WARNING: the revisions this squash replaces ran the SQL below by hand (op.execute). It is not\n" +
        "// in upgrade(): a database built from this file never runs it. Backfills and other data changes\n" +
        "// are usually not needed on a new database; anything else (a function, a trigger, a grant, rows\n" +
        "// the application needs) must be added to upgrade() and downgrade() by hand.\n" +
        "//\n" +
        "// r03 (backfill author email):\n" +
        "//   UPDATE author SET email = name || '@example.com' WHERE email IS NULL\n" +
        "//\n" +
        "// r25 (seed news tag):\n" +
        "//   INSERT INTO tag (name) VALUES ('news')\n" +
        'import type { MigrationContext } from "retort";\n',
    );
    // The tables the history created and dropped again (scratch) are not in it.
    expect(text).toContain('await op.createTable(\n    "author",');
    expect(text).not.toContain("scratch");
  });

  test("history shows the squash in place of what it replaces", () => {
    expect(retort(fresh().url, "history").stdout).toBe(
      "r31 -> r32 (head), draft posts without status\n" +
        `${SQUASH} -> r31, add comment edited at\n` +
        `<base> -> ${SQUASH}, baseline\n`,
    );
  });

  test("a new database runs the squash in one step, and equals one built through the old files", async () => {
    const result = retort(fresh().url, "upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(ran(result.stderr)).toEqual([
      `upgrade  -> ${SQUASH}, baseline`,
      `upgrade ${SQUASH} -> r31, add comment edited at`,
      "upgrade r31 -> r32, draft posts without status",
    ]);
    expect(await catalog(fresh().url)).toEqual(builtThroughOldFiles);
  });

  test("a database in the middle goes on through the old files, then on", async () => {
    expect(retort(middle().url, "current").stdout).toBe("r15\n");
    const result = retort(middle().url, "upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    const expected = BLOG_HISTORY.slice(15).map((r) => `upgrade ${r.down} -> ${r.id}, ${r.message}`);
    expect(ran(result.stderr)).toEqual(expected);
    expect(await versions(middle().url)).toEqual(["r32"]);
    expect(await catalog(middle().url)).toEqual(builtThroughOldFiles);
  });

  test("a database at r30 reads as at the squash, and carries on after it", async () => {
    expect(retort(atEnd().url, "current").stdout).toBe(`r30 (replaced by ${SQUASH})\n`);
    // The table keeps naming r30 until a step moves it, in a --sql script too.
    expect(retort(atEnd().url, "upgrade", "r30:r31", "--sql", "-q").stdout).toContain(
      `UPDATE "public"."retort_version" SET version_num = 'r31' WHERE version_num = 'r30';\n`,
    );
    const result = retort(atEnd().url, "upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(ran(result.stderr)).toEqual([
      `upgrade ${SQUASH} -> r31, add comment edited at`,
      "upgrade r31 -> r32, draft posts without status",
    ]);
    expect(await versions(atEnd().url)).toEqual(["r32"]);
    expect(await catalog(atEnd().url)).toEqual(builtThroughOldFiles);
  });

  test("a database at head is unaffected", () => {
    const result = retort(throughOldFiles().url, "upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(ran(result.stderr)).toEqual([]);
    expect(retort(throughOldFiles().url, "current").stdout).toBe("r32 (head)\n");
  });

  test("check --shadow is clean: the squash and its downgrade agree with the models", () => {
    const result = retort(fresh().url, "check", ...shadow(), "-q");
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("No new upgrade operations detected.\n");
  });

  describe("once the old files are deleted", () => {
    beforeAll(() => {
      for (const spec of BLOG_HISTORY.slice(0, 30)) {
        rmSync(migrationFile(`${spec.id}_${spec.message.replace(/\W+/g, "_")}.ts`));
      }
    });

    test("a database at r30 still reads as at the squash, and reaches head", async () => {
      expect(retort(atEndAfterDelete().url, "current").stdout).toBe(`r30 (replaced by ${SQUASH})\n`);
      const result = retort(atEndAfterDelete().url, "upgrade", "head");
      expect(result.status, result.stderr).toBe(0);
      expect(ran(result.stderr)).toEqual([
        `upgrade ${SQUASH} -> r31, add comment edited at`,
        "upgrade r31 -> r32, draft posts without status",
      ]);
      expect(await catalog(atEndAfterDelete().url)).toEqual(builtThroughOldFiles);
    });

    test("a database in the middle gets one error saying to restore the files", async () => {
      const result = retort(middleAfterDelete().url, "upgrade", "head");
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `FAILED: The database is at revision r15, in the middle of the revisions squash ${SQUASH} replaces ` +
          "(r01 … r30, 30 revisions), and their migration files are gone, so neither can take it on: restore the " +
          "replaced files (from version control) and run `retort upgrade r30` with them first; they can be " +
          "deleted again afterwards\n",
      );
      expect(await versions(middleAfterDelete().url)).toEqual(["r15"]);
    });

    test("downgrade base from head runs the squash's downgrade below it, and leaves nothing", async () => {
      const result = retort(throughOldFiles().url, "downgrade", "base");
      expect(result.status, result.stderr).toBe(0);
      expect(ran(result.stderr)).toEqual([
        "downgrade r32 -> r31, draft posts without status",
        `downgrade r31 -> ${SQUASH}, add comment edited at`,
        `downgrade ${SQUASH} -> , baseline`,
      ]);
      const left = await catalog(throughOldFiles().url);
      expect(left.tables).toEqual([]);
      expect(left.enums).toEqual([]);
      expect(await versions(throughOldFiles().url)).toEqual([]);
    });

    test("check --shadow is still clean", () => {
      const result = retort(fresh().url, "check", ...shadow(), "-q");
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe("No new upgrade operations detected.\n");
    });
  });
});
