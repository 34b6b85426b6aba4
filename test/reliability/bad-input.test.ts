/**
 * Bad files, config and connection settings (issue 9). Each gives exactly one `FAILED: ...` line that
 * names the file or setting, exit status 1, no stack trace (the trace only with --traceback), and changes
 * nothing: the database stays empty, and no migration file is written or rewritten.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { databaseKind, describeWithDatabase, query, useDatabase } from "../support/database.js";
import { type FakeAuthServer, startFakeAuthServer } from "../support/fake-auth-server.js";
import { createMigrationsProject } from "../support/migrations-dir.js";
import { BAD_INPUT_CASES } from "./bad-input-cases.js";

describeWithDatabase("bad input: one FAILED line, exit 1, nothing changed", () => {
  const db = useDatabase("retort_bad_input");
  let fake: FakeAuthServer;

  beforeAll(async () => {
    fake = await startFakeAuthServer();
  });
  afterAll(() => fake?.close());

  test.each(BAD_INPUT_CASES.map((c) => [c.name, c] as const))("%s", async (_name, badCase) => {
    if (badCase.needsServer && databaseKind === "embedded") return;
    const project = createMigrationsProject();
    try {
      for (const [file, text] of Object.entries(badCase.files)) {
        mkdirSync(path.dirname(path.join(project.dir, file)), { recursive: true });
        writeFileSync(path.join(project.dir, file), text);
      }
      const migrationsBefore = snapshot(path.join(project.dir, "migrations"));
      const args = badCase.args({ url: db().url, fakePort: fake.port });
      const env = { DATABASE_URL: db().url };

      const result = await project.runAsync(args, env);
      expect(result.status, result.stderr).toBe(1);
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(badCase.message);
      expect(result.stdout).toBe("");

      const traceback = await project.runAsync(["--traceback", ...args], env);
      expect(traceback.status).toBe(1);
      expect(traceback.stderr.split("\n")[0]).toBe(lines[0]);
      expect(traceback.stderr).toMatch(/^\s+at /m);

      // Nothing changed: no relation in the database, the migrations directory as it was.
      expect(
        await query(db().url, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"),
      ).toEqual([]);
      expect(snapshot(path.join(project.dir, "migrations"))).toEqual(migrationsBefore);
    } finally {
      project.remove();
    }
  });
});

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), "utf8")]),
  );
}
