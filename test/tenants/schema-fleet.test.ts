/**
 * A fleet of 200 schema tenants in one database, through the built CLI: every tenant reaches the head,
 * each revision applied once per tenant; shared objects are left to the main run; a rerun connects to
 * no tenant; a migration failing in 3 tenants leaves them at their revision and the others at the head;
 * current, stamp and downgrade over the fleet. Every migration writes a row to `public.applied` (its
 * schema, its revision), so the assertions are on what PostgreSQL executed.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithServer, query, useDatabase } from "../support/database.js";
import {
  createMigrationsProject,
  type MigrationSpec,
  type MigrationsProject,
} from "../support/migrations-dir.js";

const TENANTS = 200;
const FAILING = ["t007", "t042", "t113"];
const [M1, M2, M3] = ["f1ee70000001", "f1ee70000002", "f1ee70000003"];

const journal = (revision: string) =>
  `await op.execute("INSERT INTO public.applied (schema, revision) VALUES (current_schema(), '${revision}')");`;

const first: MigrationSpec = {
  id: M1,
  down: null,
  message: "accounts",
  upgrade: `await op.createSchema("shared");
  await op.createTable("plan", [{ name: "id", type: "integer" }], { schema: "shared" });
  await op.createTable("account", [{ name: "id", type: "integer", nullable: false }], { primaryKey: { name: "account_pkey", columns: ["id"] } });
  ${journal(M1)}`,
  downgrade: `await op.dropTable("account");
  await op.dropTable("plan", { schema: "shared" });
  await op.dropSchema("shared");`,
};

const second: MigrationSpec = {
  id: M2,
  down: M1,
  message: "account email",
  upgrade: `await op.addColumn("account", { name: "email", type: "text" });
  ${journal(M2)}`,
  downgrade: `await op.dropColumn("account", "email");
  ${journal(`down ${M2}`)}`,
};

/** Fails in the tenants named, after its journal row: the row must go with the rollback. */
const failingIn = (schemas: readonly string[]): MigrationSpec => ({
  id: M3,
  down: M2,
  message: "account plan",
  upgrade: `await op.addColumn("account", { name: "plan", type: "integer" });
  ${journal(M3)}
  await op.execute("DO $$ BEGIN IF current_schema() = ANY (ARRAY[${schemas.map((s) => `'${s}'`).join(", ")}]::text[]) THEN RAISE EXCEPTION 'no plan for %', current_schema(); END IF; END $$");`,
  downgrade: `await op.dropColumn("account", "plan");
  ${journal(`down ${M3}`)}`,
});

const schemaOf = (tenant: string) => `tenant_${tenant.slice(1)}`;

describeWithServer(`${TENANTS} schema tenants`, () => {
  const db = useDatabase("retort_tenants");
  let project: MigrationsProject;
  const env = () => ({ DATABASE_URL: db().url });
  const cli = (...args: string[]) => project.runAsync(args, env());
  /** Each tenant's version table, in one query. */
  const versions = async () => {
    const rows = await query<{ tenant: string; version: string }>(
      db().url,
      `SELECT string_agg(format('SELECT %L AS tenant, version_num AS version FROM %I.retort_version', name, schema), ' UNION ALL ')
         FROM tenants`,
    );
    const sql = (rows[0] as unknown as { string_agg: string }).string_agg;
    const found = await query<{ tenant: string; version: string }>(db().url, sql);
    return new Map(found.map((r) => [r.tenant, r.version]));
  };
  const applied = () =>
    query<{ schema: string; revision: string; n: number }>(
      db().url,
      "SELECT schema, revision, count(*)::int AS n FROM applied GROUP BY 1, 2 ORDER BY 1, 2",
    );

  beforeAll(async () => {
    project = createMigrationsProject([first, second]);
    project.writeFile(
      "retort.config.mjs",
      `export default { tenants: { sql: "SELECT name, schema FROM public.tenants" } };\n`,
    );
    // The whole fleet in one statement: the tenants table, the journal, and the 200 schemas.
    await query(
      db().url,
      `CREATE TABLE tenants AS
         SELECT 't' || lpad(g::text, 3, '0') AS name, 'tenant_' || lpad(g::text, 3, '0') AS schema
           FROM generate_series(1, ${TENANTS}) g;
       CREATE TABLE applied (schema text, revision text);
       DO $$ DECLARE s text; BEGIN
         FOR s IN SELECT schema FROM tenants LOOP EXECUTE format('CREATE SCHEMA %I', s); END LOOP;
       END $$;`,
    );
  });
  afterAll(() => project?.remove());

  test("upgrade head --tenants all: every tenant at the head, each revision once; shared objects only in the main run", async () => {
    const main = await cli("upgrade", "head");
    expect(main.status, main.stderr).toBe(0);
    const fleet = await cli("upgrade", "head", "--tenants", "all", "--concurrency", "8");
    expect(fleet.status, fleet.stderr).toBe(0);

    const lines = fleet.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^tenant +from +to +time +status$/);
    expect(lines[1]).toMatch(new RegExp(`^t001 +<base> +${M2} +\\d+\\.\\d s +upgraded$`));
    expect(lines).toHaveLength(TENANTS + 2);
    expect(lines.at(-1)).toBe(`${TENANTS} tenants: ${TENANTS} upgraded`);
    // Each line of the log names its tenant.
    expect(fleet.stderr).toMatch(/^INFO {2}\[retort\.runtime\.migration\] t\d{3}: Running upgrade /m);

    const byTenant = await versions();
    expect(byTenant.size).toBe(TENANTS);
    expect(new Set(byTenant.values())).toEqual(new Set([M2]));
    const rows = await applied();
    expect(rows).toHaveLength(2 * (TENANTS + 1));
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.filter((r) => r.schema === "public").map((r) => r.revision)).toEqual([M1, M2]);
    // The shared schema and its table exist once, made by the main run; every tenant has its own account.
    const tables = await query<{ schema: string; n: number }>(
      db().url,
      `SELECT table_schema AS schema, count(*)::int AS n FROM information_schema.tables
        WHERE table_name IN ('plan', 'account') GROUP BY 1 ORDER BY 1`,
    );
    expect(tables.find((t) => t.schema === "shared")).toEqual({ schema: "shared", n: 1 });
    expect(tables.filter((t) => t.schema.startsWith("tenant_"))).toHaveLength(TENANTS);
  });

  test("a rerun finds every tenant at the head in one catalog read and connects to none", async () => {
    const rerun = await cli("upgrade", "head", "--tenants", "all", "--json");
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stderr).not.toContain("Running upgrade");
    const result = JSON.parse(rerun.stdout) as {
      tenants: { tenant: string; status: string; milliseconds: number; from: string[]; to: string[] }[];
    };
    expect(result.tenants).toHaveLength(TENANTS);
    // Not one was timed: none was connected to.
    expect(result.tenants.every((t) => t.status === "unchanged" && t.milliseconds === 0)).toBe(true);
    expect(result.tenants[0]).toMatchObject({ tenant: "t001", from: [M2], to: [M2] });
  });

  test("a migration that fails in 3 tenants: the others reach the head, the 3 stay where they were, the report names them", async () => {
    project.write(failingIn(FAILING.map(schemaOf)));
    const run = await cli("upgrade", "head", "--tenants", "all");
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split("\n");
    for (const tenant of FAILING) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${tenant} +${M2} +${M2} +\\S+ s +failed$`)),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${tenant}: upgrade of revision ${M3} failed and was rolled back: no plan for ${schemaOf(tenant)}`,
          ),
        ),
      );
    }
    expect(lines.at(-1)).toBe(`${TENANTS} tenants: ${TENANTS - 3} upgraded, 3 failed`);
    expect(run.stderr).toContain(`FAILED: 3 tenant(s) failed: ${FAILING.join(", ")}`);

    const byTenant = await versions();
    for (const [tenant, version] of byTenant)
      expect(version, tenant).toBe(FAILING.includes(tenant) ? M2 : M3);
    // The failed step left nothing behind: no journal row, no column.
    const m3 = (await applied()).filter((r) => r.revision === M3);
    expect(m3).toHaveLength(TENANTS - 3);
    expect(m3.some((r) => FAILING.map(schemaOf).includes(r.schema))).toBe(false);
  });

  test("current --tenants: the histogram with the head marked, and the stragglers by name", async () => {
    const current = await cli("current", "--tenants", "all");
    expect(current.status, current.stderr).toBe(0);
    const width = `${M3} (head)`.length;
    expect(current.stdout).toBe(
      [
        `${"revision".padEnd(width)}  tenants`,
        `${M3} (head)  ${TENANTS - 3}`,
        `${M2.padEnd(width)}  3`,
        "",
        "3 tenants not at the head:",
        ...FAILING.map((t) => `  ${t}: ${M2}`),
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await cli("current", "--tenants", "t0*", "--json")).stdout);
    expect(json.revisions).toEqual([
      { revision: M3, tenants: 97, head: true },
      { revision: M2, tenants: 2, head: false },
    ]);
    expect(json.stragglers.map((s: { tenant: string }) => s.tenant)).toEqual(["t007", "t042"]);
  });

  test("the fix reaches the 3 stragglers alone; the rest are skipped", async () => {
    project.write(failingIn([]));
    const run = await cli("upgrade", "head", "--tenants", "all");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toBe(
      `${TENANTS} tenants: 3 upgraded, ${TENANTS - 3} unchanged`,
    );
    expect(new Set((await versions()).values())).toEqual(new Set([M3]));
  });

  test("downgrade and stamp over a selection; --fail-fast with one worker starts no tenant after the first failure", async () => {
    const down = await cli("downgrade", M2, "--tenants", "t00*");
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout.trim().split("\n").at(-1)).toBe("9 tenants: 9 downgraded");

    // The journal says which downgrades ran: t001..t009 once each, nobody else.
    const nine = Array.from({ length: 9 }, (_, i) => `t00${i + 1}`);
    const downs = (await applied()).filter((r) => r.revision === `down ${M3}`);
    expect(downs).toEqual(nine.map((t) => ({ schema: schemaOf(t), revision: `down ${M3}`, n: 1 })));
    const byTenant = await versions();
    expect([...byTenant].filter(([, v]) => v === M2).map(([t]) => t)).toEqual(nine);

    const stamp = await cli("stamp", M3, "--tenants", "t001,t002");
    expect(stamp.status, stamp.stderr).toBe(0);
    expect(stamp.stdout).toMatch(new RegExp(`^t001 +${M2} +${M3} +\\S+ s +stamped$`, "m"));

    // t003 is first of the 7 still at M2; its upgrade fails, and with one worker none after it starts.
    project.write(failingIn([schemaOf("t003")]));
    const failFast = await cli("upgrade", "head", "--tenants", "t00*", "--concurrency", "1", "--fail-fast");
    expect(failFast.status).toBe(1);
    const last = failFast.stdout.trim().split("\n").at(-1);
    expect(last).toBe(
      "9 tenants: 2 unchanged, 1 failed, 6 not started (stopped after the first failure: --fail-fast)",
    );
    expect(failFast.stderr).toContain("t003 failed: starting no new tenant (--fail-fast)");
  });
});
