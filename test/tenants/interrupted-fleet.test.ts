/**
 * A fleet run that does not end well: killed with SIGKILL halfway (the rerun finishes, and every
 * revision is applied once per tenant), two runs started at once (no tenant migrated twice), and
 * Ctrl-C (no new tenant started, the running ones finish, the report says which never started).
 * Every migration writes its schema and revision to `public.applied` and sleeps a little, so that runs
 * overlap and a kill lands in the middle.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { startCli } from "../support/cli-process.js";
import { describeWithServer, query, useDatabase } from "../support/database.js";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

const TENANTS = 40;
const REVISIONS = ["b0a7c0000001", "b0a7c0000002"];

describeWithServer(`a fleet run of ${TENANTS} schema tenants interrupted`, () => {
  const db = useDatabase("retort_fleet_kill");
  let project: MigrationsProject;
  const env = () => ({ DATABASE_URL: db().url });
  const applied = () =>
    query<{ schema: string; revision: string; n: number }>(
      db().url,
      "SELECT schema, revision, count(*)::int AS n FROM applied GROUP BY 1, 2",
    );
  const versioned = async () =>
    (
      await query<{ n: number }>(
        db().url,
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relname = 'retort_version' AND n.nspname LIKE 'tenant\\_%'`,
      )
    )[0]!.n;
  /** Every tenant at the last revision, each revision journalled exactly once per tenant. */
  const expectEveryTenantOnceAtHead = async () => {
    const rows = await applied();
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(rows).toHaveLength(TENANTS * REVISIONS.length);
    const versions = await query<{ v: string; n: number }>(
      db().url,
      `SELECT string_agg(format('SELECT version_num FROM %I.retort_version', s), ' UNION ALL ') AS sql
         FROM (SELECT 'tenant_' || g AS s FROM generate_series(1, ${TENANTS}) g) t`,
    ).then(([row]) => query<{ version_num: string }>(db().url, (row as unknown as { sql: string }).sql));
    expect(new Set(versions.map((v) => v.version_num))).toEqual(new Set([REVISIONS.at(-1)]));
  };

  beforeAll(() => {
    project = createMigrationsProject(
      REVISIONS.map((id, i) => ({
        id,
        down: i === 0 ? null : REVISIONS[i - 1]!,
        message: `step ${i + 1}`,
        upgrade: `await op.createTable("step_${i + 1}", [{ name: "id", type: "integer" }]);
  await op.execute("INSERT INTO public.applied (schema, revision) VALUES (current_schema(), '${id}')");
  await op.execute("SELECT pg_sleep(0.1)");`,
        downgrade: `await op.dropTable("step_${i + 1}");`,
      })),
    );
    project.writeFile(
      "retort.config.mjs",
      `export default { tenants: { sql: "SELECT 't' || g AS name, 'tenant_' || g AS schema FROM generate_series(1, ${TENANTS}) g" } };\n`,
    );
  });
  afterAll(() => project?.remove());
  beforeEach(async () => {
    await query(
      db().url,
      `DROP TABLE IF EXISTS applied;
       CREATE TABLE applied (schema text, revision text);
       DO $$ DECLARE s text; BEGIN
         FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' LOOP
           EXECUTE format('DROP SCHEMA %I CASCADE', s);
         END LOOP;
       END $$;`,
    );
  });

  test("kill -9 in the middle: the rerun finishes, each revision applied once per tenant", async () => {
    const run = startCli(project.dir, ["upgrade", "head", "--tenants", "all", "--concurrency", "4"], env());
    // A dozen steps in: some tenants done, some halfway, most not started.
    await run.waitForStderr(/(Running upgrade[\s\S]*?){12}/, 120_000);
    run.child.kill("SIGKILL");
    const killed = await run.done;
    expect(killed.signal).toBe("SIGKILL");
    expect(await versioned()).toBeLessThan(TENANTS);

    const rerun = await project.runAsync(
      ["upgrade", "head", "--tenants", "all", "--concurrency", "4"],
      env(),
    );
    expect(rerun.status, rerun.stderr).toBe(0);
    await expectEveryTenantOnceAtHead();
  });

  test("two fleet runs at once: each tenant migrated by one of them, never twice", async () => {
    const args = ["upgrade", "head", "--tenants", "all", "--concurrency", "3", "--json"];
    const [a, b] = await Promise.all([project.runAsync(args, env()), project.runAsync(args, env())]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    await expectEveryTenantOnceAtHead();
    const statuses = (stdout: string) =>
      new Map(
        (JSON.parse(stdout) as { tenants: { tenant: string; status: string }[] }).tenants.map((t) => [
          t.tenant,
          t.status,
        ]),
      );
    const [first, second] = [statuses(a.stdout), statuses(b.stdout)];
    for (const [tenant, status] of first) {
      // One run upgraded it; the other found it done (under the tenant's lock) and left it.
      expect([status, second.get(tenant)].sort(), tenant).toEqual(["unchanged", "upgraded"]);
    }
  });

  test("Ctrl-C: no tenant started after it, the running ones finish, the report names the rest", async () => {
    const run = startCli(project.dir, ["upgrade", "head", "--tenants", "all", "--concurrency", "2"], env());
    await run.waitForStderr(/(Running upgrade[\s\S]*?){4}/, 120_000);
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.stderr).toMatch(
      /Interrupted by SIGINT: starting no new tenant, waiting for the \d running to finish/,
    );
    const last = result.stdout.trim().split("\n").at(-1)!;
    const match = /^40 tenants: (\d+) upgraded, (\d+) not started \(interrupted\)$/.exec(last);
    expect(match, `${last}\n${result.stderr}`).not.toBeNull();
    // Every tenant that started finished its run: at the head, each revision once; the rest untouched.
    const upgraded = Number(match![1]);
    expect(await versioned()).toBe(upgraded);
    const rows = await applied();
    expect(rows).toHaveLength(upgraded * REVISIONS.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // The process ends by the signal, as a shell expects.
    expect(String(result.signal ?? result.status)).toMatch(/^(SIGINT|130)$/);
  });
});
