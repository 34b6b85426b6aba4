/**
 * Faults in the middle of a migration (issue 9): the migration throws, its session is terminated from
 * the server, the retort process is killed with SIGKILL, a statement times out, and a step that had to
 * commit part of itself (CREATE INDEX CONCURRENTLY) is interrupted; and (issue 17) Ctrl-C or SIGTERM,
 * once, or twice while the server does not answer. After each: the version table and
 * the catalog are at the revision before the step or after it, never between (or, for the partly
 * committed step, recorded as such), and the next `upgrade head` finishes the job with no row lost.
 *
 * The slow statement sleeps for as long as the `fault_delay` row for its revision says, so the test can
 * make a step slow to interrupt it and fast to rerun it.
 */
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { eventually, startCli } from "../support/cli-process.js";
import { describeWithServer, query, useDatabase } from "../support/database.js";
import {
  createMigrationsProject,
  type MigrationSpec,
  type MigrationsProject,
} from "../support/migrations-dir.js";
import { startTcpProxy } from "../support/tcp-proxy.js";

const R1 = "fa0170000001";
const R2 = "fa0170000002";
const R3 = "fa0170000003";

const sleepFor = (revision: string) =>
  `await op.execute("SELECT pg_sleep(coalesce((SELECT seconds FROM fault_delay WHERE revision = '${revision}'), 0))");`;

const MIGRATIONS: MigrationSpec[] = [
  {
    id: R1,
    down: null,
    message: "accounts with rows",
    upgrade: `await op.createTable("account", [{ name: "id", type: "integer", nullable: false }], { primaryKey: { name: "account_pkey", columns: ["id"] } });
  await op.execute("INSERT INTO account SELECT generate_series(1, 1000)");`,
    downgrade: `await op.dropTable("account");`,
  },
  {
    id: R2,
    down: R1,
    message: "ledger, slowly",
    upgrade: `await op.createTable("ledger", [{ name: "id", type: "integer" }]);
  await op.addColumn("account", { name: "balance", type: "numeric(12,2)", default: "0", nullable: false });
  ${sleepFor(R2)}
  await op.addColumn("ledger", { name: "amount", type: "numeric(12,2)" });`,
    downgrade: `await op.dropColumn("account", "balance");
  await op.dropTable("ledger");`,
  },
  {
    id: R3,
    down: R2,
    message: "index built concurrently",
    upgrade: `await op.createTable("event", [{ name: "id", type: "integer" }, { name: "code", type: "integer" }]);
  await op.execute("INSERT INTO event SELECT g, g % 500 FROM generate_series(1, 1000) g");
  await op.createIndex("event_code_idx", "event", ["code"], { concurrently: true });
  ${sleepFor(R3)}
  await op.addColumn("event", { name: "note", type: "text" });`,
    downgrade: `await op.dropIndex("event_code_idx", { concurrently: true });
  await op.dropTable("event");`,
  },
];

describeWithServer("faults during a migration", () => {
  const db = useDatabase("retort_faults");
  let project: MigrationsProject;
  const env = () => ({ DATABASE_URL: db().url });
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    query<T>(db().url, text, params);
  const versions = async () =>
    (await sql<{ v: string }>("SELECT version_num AS v FROM retort_version ORDER BY 1")).map((r) => r.v);
  const exists = async (name: string) =>
    (await sql<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [name]))[0]!.found;
  const columnsOf = async (table: string) =>
    (
      await sql<{ attname: string }>(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        [table],
      )
    ).map((r) => r.attname);
  const delay = (revision: string, seconds: number) =>
    sql("INSERT INTO fault_delay VALUES ($1, $2) ON CONFLICT (revision) DO UPDATE SET seconds = $2", [
      revision,
      seconds,
    ]);
  /** The session of the retort run, once it is inside the slow statement of `revision`. */
  const sleepingSession = (revision: string) =>
    eventually(async () => {
      const [row] = await sql<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'retort' " +
          "AND state = 'active' AND query LIKE '%pg_sleep%' AND strpos(query, $1) > 0",
        [`revision = '${revision}'`],
      );
      return row?.pid;
    }, `the slow statement of ${revision}`);
  /** Steps R1 then stops at R2's slow statement. */
  const startUpgradeStuckInR2 = async () => {
    await delay(R2, 60);
    const run = startCli(project.dir, ["upgrade", "head"], env());
    const pid = await sleepingSession(R2);
    return { run, pid };
  };
  /** What every fault in R2 must leave: R1 applied, nothing of R2, the rows intact. */
  const expectAtR1 = async () => {
    expect(await versions()).toEqual([R1]);
    expect(await exists("ledger")).toBe(false);
    expect(await columnsOf("account")).toEqual(["id"]);
    expect(await sql("SELECT count(*)::int AS n FROM account")).toEqual([{ n: 1000 }]);
  };
  const rerunFinishes = async () => {
    await sql("DELETE FROM fault_delay");
    const result = project.run(["upgrade", "head"], env());
    expect(result.status, result.stderr).toBe(0);
    expect(await versions()).toEqual([R3]);
    expect(await columnsOf("ledger")).toEqual(["id", "amount"]);
    expect(await sql("SELECT count(*)::int AS n, sum(balance)::int AS total FROM account")).toEqual([
      { n: 1000, total: 0 },
    ]);
    return result;
  };

  /** A migration one test added beside the three; the other tests must not see it. */
  const removeMigration = (id: string) => {
    const dir = path.join(project.dir, "migrations");
    for (const name of readdirSync(dir)) if (name.startsWith(id)) rmSync(path.join(dir, name));
  };

  beforeAll(() => {
    project = createMigrationsProject(MIGRATIONS);
  });
  afterAll(() => project?.remove());
  beforeEach(async () => {
    await sql(`ALTER DATABASE "${db().name}" RESET statement_timeout`);
    await sql(
      "DROP TABLE IF EXISTS account, ledger, event, retort_version, retort_version_progress, fault_delay",
    );
    await sql("CREATE TABLE fault_delay (revision text PRIMARY KEY, seconds float8 NOT NULL)");
  });

  test("the migration throws midway: rolled back, exit 1, the message names the revision and statement", async () => {
    project.write({
      ...MIGRATIONS[1]!,
      id: "fa01700000e1",
      message: "throws midway",
      upgrade: `await op.createTable("ledger", [{ name: "id", type: "integer" }]);
  await op.execute("UPDATE account SET id = id / 0");
  await op.addColumn("ledger", { name: "amount", type: "numeric" });`,
    });
    try {
      const result = project.run(["upgrade", "fa01700000e1"], env());
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split("\n").slice(-2)).toEqual([
        "FAILED: upgrade of revision fa01700000e1 failed and was rolled back: division by zero",
        "  while running: UPDATE account SET id = id / 0",
      ]);
      await expectAtR1();
    } finally {
      removeMigration("fa01700000e1");
    }
  });

  test("the session is terminated from the server (pg_terminate_backend): rolled back, rerun finishes", async () => {
    const { run, pid } = await startUpgradeStuckInR2();
    await sql("SELECT pg_terminate_backend($1)", [pid]);
    const result = await run.done;
    expect(result.status).toBe(1);
    const failed = result.stderr.split("\n").filter((line) => line.startsWith("FAILED:"));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^FAILED: upgrade of revision fa0170000002 failed and was rolled back: /);
    expect(result.stderr).toContain(
      `while running: SELECT pg_sleep(coalesce((SELECT seconds FROM fault_delay`,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    await expectAtR1();
    await rerunFinishes();
  });

  test("the process is killed with SIGKILL: the server rolls the step back within seconds, rerun finishes", async () => {
    const { run, pid } = await startUpgradeStuckInR2();
    run.child.kill("SIGKILL");
    const result = await run.done;
    expect(result.signal).toBe("SIGKILL");
    // The statement sleeps for 60 s; retort asks the server to notice a vanished client every second.
    const started = Date.now();
    await eventually(
      async () => {
        const rows = await sql("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]);
        return rows.length === 0 ? true : undefined;
      },
      "the killed run's session to end",
      15_000,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    await expectAtR1();
    await rerunFinishes();
  });

  /** Ctrl-C (SIGINT) or a `kill` (SIGTERM) while R2's slow statement runs. */
  const interruptR2 = async (signal: "SIGINT" | "SIGTERM") => {
    const { run, pid } = await startUpgradeStuckInR2();
    run.child.kill(signal);
    const result = await run.done;
    // A shell reports it as exit status 130 (SIGINT) or 143 (SIGTERM), and a script's loop stops.
    expect(result.signal).toBe(signal);
    expect(result.stderr.trim().split("\n").slice(-2)).toEqual([
      `INFO  [retort.runtime.migration] Interrupted by ${signal}: rolling back upgrade ${R1} -> ${R2}`,
      `FAILED: upgrade of revision ${R2} was interrupted by ${signal} and rolled back; the database is still at ${R1}`,
    ]);
    // The sleeping statement was cancelled, not left to run out its minute holding the locks.
    await eventually(
      async () =>
        (await sql("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).length ? undefined : true,
      "the interrupted run's session to end",
      5_000,
    );
    await expectAtR1();
    await rerunFinishes();
  };

  test("Ctrl-C (SIGINT) during a step: the statement is cancelled and the step rolled back at once, the last line says where the database is, the process ends by SIGINT; rerun finishes", () =>
    interruptR2("SIGINT"));

  test("SIGTERM during a step: the same, ending by SIGTERM", () => interruptR2("SIGTERM"));

  test("a second Ctrl-C while the rollback cannot reach the server ends the process at once; the server rolls the step back when the connection goes", async () => {
    await delay(R2, 60);
    const proxy = await startTcpProxy(db().url);
    try {
      const run = startCli(project.dir, ["upgrade", "head"], { DATABASE_URL: proxy.url });
      const pid = await sleepingSession(R2);
      // Neither the cancel request nor the ROLLBACK gets through now.
      await proxy.freeze();
      run.child.kill("SIGINT");
      await run.waitForStderr(/Interrupted by SIGINT: rolling back/);
      run.child.kill("SIGINT");
      const result = await run.done;
      expect(result.signal).toBe("SIGINT");
      expect(result.stderr.trim().split("\n").at(-1)).toBe(
        "WARNI [retort.runtime.migration] SIGINT again: ending now, without waiting for the rollback " +
          "(PostgreSQL rolls back what was not committed when the connection closes)",
      );
      // The connection goes (the network comes back, or times out): the server ends the session.
      await proxy.close();
      await eventually(
        async () =>
          (await sql("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).length ? undefined : true,
        "the abandoned session to end",
        15_000,
      );
      await expectAtR1();
      await rerunFinishes();
    } finally {
      await proxy.close();
    }
  });

  test("a statement timeout: rolled back, exit 1, rerun without it finishes", async () => {
    await sql(`ALTER DATABASE "${db().name}" SET statement_timeout = '500ms'`);
    await delay(R2, 2);
    const result = project.run(["upgrade", "head"], env());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "FAILED: upgrade of revision fa0170000002 failed and was rolled back: canceling statement due to statement timeout",
    );
    await expectAtR1();
    await sql(`ALTER DATABASE "${db().name}" RESET statement_timeout`);
    await rerunFinishes();
  });

  test("killed after CREATE INDEX CONCURRENTLY committed part of a step: recorded, other commands refuse, rerun resumes", async () => {
    await delay(R3, 60);
    const run = startCli(project.dir, ["upgrade", "head"], env());
    await sleepingSession(R3);
    run.child.kill("SIGKILL");
    await run.done;
    await eventually(async () => {
      const rows = await sql(
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'retort'",
      );
      return rows.length === 0 ? true : undefined;
    }, "the killed run's session to end");

    // The part before the index (table, rows) and the index are committed; the version still says R2.
    expect(await versions()).toEqual([R2]);
    expect(await columnsOf("event")).toEqual(["id", "code"]);
    expect(
      await sql("SELECT indisvalid FROM pg_index WHERE indexrelid = 'event_code_idx'::regclass"),
    ).toEqual([{ indisvalid: true }]);
    expect(await sql("SELECT revision, direction FROM retort_version_progress")).toEqual([
      { revision: R3, direction: "upgrade" },
    ]);

    // `current` says where the version table says, and that a step is half done.
    const current = project.run(["current"], env());
    expect(current.stdout).toBe(`${R2}\n`);
    expect(current.stderr).toContain(
      "WARNI [retort.runtime.migration] The upgrade of revision fa0170000003 was interrupted after committing part of it; `retort upgrade fa0170000003` finishes it",
    );

    // Anything but finishing that step is refused, and changes nothing.
    const downgrade = project.run(["downgrade", "-1"], env());
    expect(downgrade.status).toBe(1);
    expect(downgrade.stderr).toContain(
      "FAILED: The upgrade of revision fa0170000003 was interrupted after committing part of it",
    );
    expect(downgrade.stderr).toContain("`retort upgrade fa0170000003` resumes it");
    expect(await versions()).toEqual([R2]);

    await sql("DELETE FROM fault_delay");
    const resumed = project.run(["upgrade", "head"], env());
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      "Resuming the interrupted upgrade of fa0170000003: skipping the 2 statement(s) it committed",
    );
    expect(await versions()).toEqual([R3]);
    expect(await columnsOf("event")).toEqual(["id", "code", "note"]);
    // The INSERT ran once: resuming skipped it.
    expect(await sql("SELECT count(*)::int AS n FROM event")).toEqual([{ n: 1000 }]);
    expect(await sql("SELECT count(*)::int AS n FROM retort_version_progress")).toEqual([{ n: 0 }]);

    // And the step reverts as any other.
    const back = project.run(["downgrade", "-1"], env());
    expect(back.status, back.stderr).toBe(0);
    expect(await exists("event")).toBe(false);
  });

  test("a CREATE UNIQUE INDEX CONCURRENTLY that fails leaves an invalid index; the rerun drops it and builds it", async () => {
    project.write({
      id: "fa01700000f1",
      down: R1,
      message: "unique code concurrently",
      upgrade: `await op.createTable("coupon", [{ name: "code", type: "text" }]);
  await op.execute("INSERT INTO coupon VALUES ('a'), ('a'), ('b')");
  await op.execute("DELETE FROM coupon WHERE code = 'a' AND (SELECT count(*) FROM fault_delay) = 0 AND ctid = (SELECT max(ctid) FROM coupon WHERE code = 'a')");
  await op.createIndex("coupon_code_key", "coupon", ["code"], { unique: true, concurrently: true });`,
      downgrade: `await op.dropTable("coupon");`,
    });
    try {
      // fault_delay has a row: the duplicate stays, and the unique build fails.
      await delay("keep-duplicates", 0);
      const first = project.run(["upgrade", "fa01700000f1"], env());
      expect(first.status).toBe(1);
      expect(first.stderr).toContain(
        "FAILED: upgrade of revision fa01700000f1 failed after committing part of it (`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS",
      );
      expect(first.stderr).toContain(
        "`retort upgrade fa01700000f1` resumes it: could not create unique index",
      );
      expect(await versions()).toEqual([R1]);
      expect(
        await sql("SELECT indisvalid FROM pg_index WHERE indexrelid = 'coupon_code_key'::regclass"),
      ).toEqual([{ indisvalid: false }]);

      // Fix the data by hand, as the message leads one to, and rerun.
      await sql("DELETE FROM coupon WHERE ctid = (SELECT max(ctid) FROM coupon WHERE code = 'a')");
      const rerun = project.run(["upgrade", "fa01700000f1"], env());
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(rerun.stderr).toContain(
        'Dropping the invalid index "public"."coupon_code_key" an interrupted build left',
      );
      expect(
        await sql("SELECT indisvalid FROM pg_index WHERE indexrelid = 'coupon_code_key'::regclass"),
      ).toEqual([{ indisvalid: true }]);
      expect(await sql("SELECT code FROM coupon ORDER BY code")).toEqual([{ code: "a" }, { code: "b" }]);
      expect(await versions()).toEqual(["fa01700000f1"]);
    } finally {
      removeMigration("fa01700000f1");
    }
  });
});
