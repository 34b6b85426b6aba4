/**
 * Concurrent deploys on one database (issue 9): eight `upgrade head` processes at once, a `downgrade`
 * racing an `upgrade`, and a run that gives up waiting for the lock (`--lock-timeout`). Every migration
 * writes a row to a journal the test owns (the session's pid, the direction, the revision), so the
 * assertions are on what PostgreSQL actually executed, not on what the processes printed.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { MIGRATION_LOCK_KEY } from "../../src/runner/advisory-lock.js";
import { eventually, startCli } from "../support/cli-process.js";
import { describeWithServer, query, useDatabase } from "../support/database.js";
import {
  createMigrationsProject,
  type MigrationSpec,
  type MigrationsProject,
} from "../support/migrations-dir.js";

const REVISIONS = ["a1c0ffee0001", "a1c0ffee0002", "a1c0ffee0003"];

/**
 * Each step creates its own table, journals itself, and sleeps so that rival runs overlap it. The first
 * step also waits at a gate the test may hold (a lock on the table `gate`), so that a run can be kept
 * inside its migration, holding retort's lock, for as long as the test needs, however loaded the
 * machine is.
 */
const journalled = (id: string, index: number): MigrationSpec => ({
  id,
  down: index === 0 ? null : REVISIONS[index - 1]!,
  message: `step ${index + 1}`,
  upgrade: `${index === 0 ? 'await op.execute("LOCK TABLE gate IN SHARE MODE");\n  ' : ""}await op.createTable("step_${index + 1}", [{ name: "id", type: "integer" }]);
  await op.execute("INSERT INTO journal (pid, direction, revision) VALUES (pg_backend_pid(), 'upgrade', '${id}')");
  await op.execute("SELECT pg_sleep(0.4)");`,
  downgrade: `await op.dropTable("step_${index + 1}");
  await op.execute("INSERT INTO journal (pid, direction, revision) VALUES (pg_backend_pid(), 'downgrade', '${id}')");
  await op.execute("SELECT pg_sleep(0.4)");`,
});

interface JournalRow {
  pid: number;
  direction: string;
  revision: string;
}

describeWithServer("concurrent runs on one database", () => {
  const db = useDatabase("retort_reliability");
  let project: MigrationsProject;
  const env = () => ({ DATABASE_URL: db().url });
  const journal = () =>
    query<JournalRow>(db().url, "SELECT pid, direction, revision FROM journal ORDER BY seq");
  const versions = async () =>
    (await query<{ v: string }>(db().url, "SELECT version_num AS v FROM retort_version ORDER BY 1")).map(
      (r) => r.v,
    );

  /** Holds the gate until `release` is called: the run that gets retort's lock first waits there. */
  const closeGate = async () => {
    const gate = new pg.Client({ connectionString: db().url });
    await gate.connect();
    await gate.query("BEGIN");
    await gate.query("LOCK TABLE gate IN ACCESS EXCLUSIVE MODE");
    return {
      release: async () => {
        await gate.query("COMMIT");
        await gate.end();
      },
    };
  };

  beforeAll(() => {
    project = createMigrationsProject(REVISIONS.map(journalled));
  });
  afterAll(() => project?.remove());
  beforeEach(async () => {
    await query(db().url, "DROP TABLE IF EXISTS journal, gate, retort_version, step_1, step_2, step_3");
    await query(
      db().url,
      "CREATE TABLE journal (seq bigserial PRIMARY KEY, pid integer, direction text, revision text)",
    );
    await query(db().url, "CREATE TABLE gate ()");
  });

  test("8 processes run `upgrade head` at once: each revision applied exactly once, all exit 0", async () => {
    const gate = await closeGate();
    const runs = Array.from({ length: 8 }, () => startCli(project.dir, ["upgrade", "head"], env()));
    // All eight are running: one holds retort's lock (and waits at the gate), seven wait for it.
    await eventually(
      async () => {
        const waiting = runs.filter((run) => /Waiting for the migration lock/.test(run.stderr())).length;
        return waiting === 7 ? true : undefined;
      },
      "seven runs waiting for the lock",
      120_000,
    );
    await gate.release();
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect(result.status, result.stderr).toBe(0);

    const rows = await journal();
    expect(rows.map((r) => `${r.direction} ${r.revision}`)).toEqual(REVISIONS.map((id) => `upgrade ${id}`));
    expect(await versions()).toEqual([REVISIONS[2]]);
    // The processes that arrived while another held the lock said so, once each.
    const waitLines = results.map((r) => r.stderr.match(/Waiting for the migration lock/g)?.length ?? 0);
    expect(waitLines.sort()).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
    expect(results.flatMap((r) => r.stderr.match(/Running upgrade/g) ?? [])).toHaveLength(3);
  });

  test("a downgrade started during an upgrade waits for it; their statements never interleave", async () => {
    const gate = await closeGate();
    const upgrade = startCli(project.dir, ["upgrade", "head"], env());
    await upgrade.waitForStderr(/Running upgrade {2}-> a1c0ffee0001/);
    const downgrade = startCli(project.dir, ["downgrade", "base"], env());
    await downgrade.waitForStderr(/Waiting for the migration lock/);
    await gate.release();
    const [up, down] = await Promise.all([upgrade.done, downgrade.done]);
    expect(up.status, up.stderr).toBe(0);
    expect(down.status, down.stderr).toBe(0);
    expect(down.stderr).toMatch(
      /^INFO {2}\[retort\.runtime\.lock\] Waiting for the migration lock: another retort run holds it \(pid \d+, application retort/m,
    );

    const rows = await journal();
    expect(rows.map((r) => `${r.direction} ${r.revision}`)).toEqual([
      ...REVISIONS.map((id) => `upgrade ${id}`),
      ...[...REVISIONS].reverse().map((id) => `downgrade ${id}`),
    ]);
    // One session did all the upgrades, another all the downgrades: nothing interleaved.
    expect(new Set(rows.slice(0, 3).map((r) => r.pid)).size).toBe(1);
    expect(new Set(rows.slice(3).map((r) => r.pid)).size).toBe(1);
    expect(rows[0]!.pid).not.toBe(rows[3]!.pid);
    expect(await versions()).toEqual([]);
  });

  test("--lock-timeout gives up with one clear line and changes nothing; without it, the run waits", async () => {
    const holder = new pg.Client({ connectionString: db().url, application_name: "deploy-in-progress" });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
      const started = Date.now();
      const timedOut = await startCli(project.dir, ["upgrade", "head", "--lock-timeout", "1.5"], env()).done;
      const elapsed = Date.now() - started;
      expect(timedOut.status).toBe(1);
      const lines = timedOut.stderr.trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^INFO {2}\[retort\.runtime\.lock\] Waiting for the migration lock: another session holds it \(pid \d+, application deploy-in-progress, connected since [\d:]+\); giving up after 1\.5s$/,
      );
      expect(lines[1]).toMatch(
        /^FAILED: Gave up waiting for the migration lock after 1\.5s: another session \(pid \d+, application deploy-in-progress.*\) still holds it\. Nothing was changed/,
      );
      expect(elapsed).toBeGreaterThanOrEqual(1500);
      expect(await query(db().url, "SELECT to_regclass('retort_version') AS t")).toEqual([{ t: null }]);

      // Without a timeout the run waits, and finishes once the lock is released.
      const patient = startCli(project.dir, ["upgrade", "head"], env());
      await patient.waitForStderr(/Waiting for the migration lock/);
      await holder.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
      const result = await patient.done;
      expect(result.status, result.stderr).toBe(0);
      expect(await versions()).toEqual([REVISIONS[2]]);
    } finally {
      await holder.end();
    }
  });

  test("a bad --lock-timeout value is refused before anything runs", () => {
    const result = project.run(["upgrade", "head", "--lock-timeout", "soon"], env());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("expected a number of seconds");
  });
});
