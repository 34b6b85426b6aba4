/**
 * Ctrl-C while a migration's own code waits (not a statement: nothing the server could cancel), on the
 * embedded database, through the built CLI: retort does not wait for the code, rolls the step back,
 * says the database is still at `<base>`, shuts the database down and ends by SIGINT.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startCli } from "../support/cli-process.js";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

const FIRST = "b17e00000001";
const waiting = {
  id: FIRST,
  down: null,
  message: "waits for a minute",
  upgrade: `await op.createTable("made_before_the_wait", [{ name: "id", type: "integer" }]);
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  await op.createTable("made_after_it", [{ name: "id", type: "integer" }]);`,
  downgrade: `await op.dropTable("made_after_it");
  await op.dropTable("made_before_the_wait");`,
};

let project: MigrationsProject;
beforeAll(() => {
  project = createMigrationsProject([waiting]);
});
afterAll(() => project?.remove());

test("Ctrl-C while the first migration's code waits: rolled back at once, still at <base>, the database shut down", async () => {
  const run = startCli(project.dir, ["upgrade", "head"], {});
  await run.waitForStderr(/Running upgrade {2}-> b17e00000001/);
  const started = Date.now();
  run.child.kill("SIGINT");
  const result = await run.done;
  expect(result.signal).toBe("SIGINT");
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(result.stderr.trim().split("\n").slice(-2)).toEqual([
    `INFO  [retort.runtime.migration] Interrupted by SIGINT: rolling back upgrade  -> ${FIRST}`,
    `FAILED: upgrade of revision ${FIRST} was interrupted by SIGINT and rolled back; the database is still at <base>`,
  ]);
  expect(existsSync(path.join(project.dir, ".retort/pgdata.lock"))).toBe(false);

  expect(project.run(["current"]).stdout).toBe("<base> (no revision applied)\n");
  // The table created before the wait went with the step: without the wait, the step runs again whole.
  project.write({ ...waiting, upgrade: waiting.upgrade.replace(/await new Promise.*\n/, "") });
  const rerun = project.run(["upgrade", "head"]);
  expect(rerun.status, rerun.stderr).toBe(0);
  expect(project.run(["current"]).stdout).toBe(`${FIRST} (head)\n`);
});
