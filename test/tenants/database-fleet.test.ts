/**
 * Database tenants: ten databases, listed by a config function, migrated like any database (shared
 * objects included) through the CLI; and the library API, which returns the per-tenant results and
 * can migrate a tenant it is handed directly (an application signing one up).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { currentTenants, downgradeTenants, upgradeTenants } from "../../src/index.js";
import { createDatabase, describeWithServer, dropDatabase, query, useDatabase } from "../support/database.js";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

const [M1, M2] = ["dbf1ee700001", "dbf1ee700002"];

describeWithServer("10 database tenants", () => {
  const main = useDatabase("retort_fleet_main");
  const tenants: { name: string; url: string }[] = [];
  let project: MigrationsProject;

  beforeAll(async () => {
    const created = await Promise.all(Array.from({ length: 10 }, () => createDatabase("retort_fleet_db")));
    for (const [i, db] of created.entries())
      tenants.push({ name: `db${String(i).padStart(2, "0")}`, url: db.url });
    project = createMigrationsProject([
      {
        id: M1,
        down: null,
        message: "accounts",
        upgrade: `await op.createSchema("shared");
  await op.createTable("plan", [{ name: "id", type: "integer" }], { schema: "shared" });
  await op.createTable("account", [{ name: "id", type: "integer" }]);`,
        downgrade: `await op.dropTable("account");
  await op.dropTable("plan", { schema: "shared" });
  await op.dropSchema("shared");`,
      },
      {
        id: M2,
        down: M1,
        message: "email",
        upgrade: `await op.addColumn("account", { name: "email", type: "text" });`,
        downgrade: `await op.dropColumn("account", "email");`,
      },
    ]);
    // A function: the list is whatever the application knows at the time.
    project.writeFile(
      "retort.config.mjs",
      `const tenants = ${JSON.stringify(tenants)};\nexport default { tenants: async () => tenants };\n`,
    );
  });
  afterAll(async () => {
    project?.remove();
    await Promise.all(tenants.map((t) => dropDatabase(new URL(t.url).pathname.slice(1))));
  });

  test("upgrade head --tenants all: every database at the head, shared objects included", async () => {
    const run = await project.runAsync(["upgrade", "head", "--tenants", "all"], { DATABASE_URL: main().url });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toBe("10 tenants: 10 upgraded");
    for (const tenant of tenants) {
      expect(await query(tenant.url, "SELECT version_num FROM retort_version")).toEqual([
        { version_num: M2 },
      ]);
      expect(await query(tenant.url, "SELECT to_regclass('shared.plan')::text AS t")).toEqual([
        { t: "shared.plan" },
      ]);
    }
    // The main database was never needed, so never touched.
    expect(await query(main().url, "SELECT to_regclass('retort_version')::text AS t")).toEqual([{ t: null }]);
  });

  test("the library: downgrade a selection, read the fleet, migrate a tenant handed in directly", async () => {
    const options = { cwd: project.dir, url: main().url };
    const downgraded = await downgradeTenants({ ...options, target: M1, tenants: "db00,db01" });
    expect(downgraded.tenants.map((t) => [t.tenant, t.status, t.from, t.to])).toEqual([
      ["db00", "downgraded", [M2], [M1]],
      ["db01", "downgraded", [M2], [M1]],
    ]);
    expect(downgraded.tenants[0]!.steps.map((s) => s.revision)).toEqual([M2]);

    const current = await currentTenants(options);
    expect(current.revisions).toEqual([
      { revision: M2, tenants: 8, head: true },
      { revision: M1, tenants: 2, head: false },
    ]);
    expect(current.stragglers).toEqual([
      { tenant: "db00", at: [M1] },
      { tenant: "db01", at: [M1] },
    ]);

    // At sign-up: a schema tenant no list names yet, created and migrated on the main database.
    const signUp = await upgradeTenants({ ...options, tenants: [{ name: "newco", schema: "tenant_newco" }] });
    expect(signUp.tenants).toMatchObject([
      { tenant: "newco", layout: "schema", status: "upgraded", to: [M2] },
    ]);
    expect(await query(main().url, "SELECT version_num FROM tenant_newco.retort_version")).toEqual([
      { version_num: M2 },
    ]);
    // Its run left the shared objects to the main run.
    expect(await query(main().url, "SELECT to_regclass('shared.plan')::text AS t")).toEqual([{ t: null }]);
  });
});
