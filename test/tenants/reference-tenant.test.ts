/**
 * Autogenerate and check with schema tenants, through the CLI on a TypeORM project: the migration is
 * generated against the reference tenant and names no tenant's schema (a shared entity keeps its own);
 * once the fleet is at the head, autogenerate finds nothing (the tenant's enum, sequence and foreign key
 * to a shared table read back as the model's); `check --tenants` names the one tenant changed by hand.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithServer, query, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

const ACCOUNT = `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Plan } from "./Plan";

@Entity("account")
export class Account {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ length: 50 })
  name!: string;

  @Column({ type: "enum", enum: ["free", "paid"], default: "free" })
  tier!: string;

  @ManyToOne(() => Plan)
  plan!: Plan;
}
`;

const PLAN = `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "plan", schema: "shared" })
export class Plan {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  title!: string;
}
`;

describeWithServer("autogenerate and check with schema tenants", () => {
  const db = useDatabase("retort_fleet_ref");
  let project: Project;
  const cli = (...args: string[]) => project.runAsync(args, { DATABASE_URL: db().url });

  beforeAll(() => {
    project = createProject();
    for (const [file, text] of [
      ["src/entity/Account.ts", ACCOUNT],
      ["src/entity/Plan.ts", PLAN],
    ] as const) {
      const target = path.join(project.dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    mkdirSync(path.join(project.dir, "migrations"));
    writeFileSync(
      path.join(project.dir, "retort.config.json"),
      JSON.stringify({
        entities: ["src/entity/*.ts"],
        tenants: [
          { name: "acme", schema: "tenant_acme" },
          { name: "globex", schema: "tenant_globex" },
        ],
        tenantReference: "globex",
      }),
    );
  });
  afterAll(() => project?.remove());

  test("the generated migration names no tenant; the fleet then matches the models", async () => {
    const generated = await cli("revision", "--autogenerate", "-m", "init", "--rev-id", "aaaa00000001");
    expect(generated.status, generated.stderr).toBe(0);
    const file = readFileSync(path.join(project.dir, "migrations", "aaaa00000001_init.ts"), "utf8");
    expect(file).not.toMatch(/tenant_/);
    expect(file).toContain('op.createTable(\n    "account"');
    expect(file).toMatch(/op\.createTable\(\s*"plan",[\s\S]*schema: "shared"/);

    for (const args of [
      ["upgrade", "head"],
      ["upgrade", "head", "--tenants", "all"],
    ]) {
      const run = await cli(...args);
      expect(run.status, run.stderr).toBe(0);
    }
    // Compared with globex, whose enum, serial and foreign key to shared.plan must read as the model's.
    const again = await cli("revision", "--autogenerate", "-m", "nothing", "--rev-id", "aaaa00000002");
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toContain("No changes in schema detected");

    const check = await cli("check", "--tenants", "all");
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout.trim().split("\n").at(-1)).toBe(
      "No tenant differs from the models (2 tenants checked)",
    );
  });

  test("check --tenants names the tenant changed by hand, with its operations; exit 1", async () => {
    await query(db().url, "ALTER TABLE tenant_acme.account ADD COLUMN legacy integer");
    const check = await cli("check", "--tenants", "all", "--json");
    expect(check.status).toBe(1);
    const result = JSON.parse(check.stdout);
    expect(result.differing).toEqual(["acme"]);
    expect(result.tenants).toEqual([
      expect.objectContaining({ tenant: "acme", status: "differs", operations: 1 }),
      expect.objectContaining({ tenant: "globex", status: "same", operations: 0 }),
    ]);
    expect(check.stderr).toContain("FAILED: 1 tenant(s) differ from the models: acme");
  });

  test("autogenerate reads the reference tenant's schema, not the main database's default one", async () => {
    // The main database's copy of the tenant tables is not what autogenerate compares with...
    await query(db().url, "ALTER TABLE public.account DROP COLUMN name");
    const unchanged = await cli("revision", "--autogenerate", "-m", "nothing", "--rev-id", "aaaa00000003");
    expect(unchanged.stdout + unchanged.stderr).toContain("No changes in schema detected");
    // ...the reference tenant's is, written for every tenant.
    await query(db().url, "ALTER TABLE tenant_globex.account ADD COLUMN legacy integer");
    const generated = await cli(
      "revision",
      "--autogenerate",
      "-m",
      "drop legacy",
      "--rev-id",
      "aaaa00000004",
    );
    expect(generated.status, generated.stderr).toBe(0);
    const file = readFileSync(path.join(project.dir, "migrations", "aaaa00000004_drop_legacy.ts"), "utf8");
    expect(file).toContain('await op.dropColumn("account", "legacy");');
    expect(file).not.toMatch(/tenant_|schema:/);
  });
});
