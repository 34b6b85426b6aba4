/**
 * retort on entities it did not write: typeorm-adapter (Apache Casbin's TypeORM adapter, a devDependency
 * pinned in package.json) ships its CasbinRule entity compiled by tsc, as any published package does.
 * The fixture is an application that lists it in its DataSource next to the subclass the package's
 * README shows; retort loads it from node_modules through that DataSource (its `entities` globs skip
 * node_modules), and must build with its own migration what TypeORM's synchronize() builds.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadModel } from "../../src/models/load-model.js";
import { catalog } from "../support/catalog.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

describeWithDatabase("retort on a published package's compiled entities (typeorm-adapter)", () => {
  const synchronized = useDatabase("retort_registry_sync");
  const migrated = useDatabase("retort_registry_migrated");
  let project: Project;

  beforeAll(() => {
    project = createProject("casbin-app");
    mkdirSync(path.join(project.dir, "migrations"));
  });
  afterAll(() => project?.remove());

  test("autogenerate, upgrade and check match synchronize(); downgrade empties the database", async () => {
    const { dataSource, typeorm } = await loadModel({ dataSource: "src/data-source.ts", cwd: project.dir });
    const sync = new typeorm.DataSource({
      ...dataSource.options,
      url: synchronized().url,
      synchronize: true,
      logging: false,
    }) as unknown as { initialize(): Promise<void>; destroy(): Promise<void> };
    await sync.initialize();
    await sync.destroy();

    // The project's retort.config.json names the DataSource and the migrations folder: no flags.
    const env = { DATABASE_URL: migrated().url };
    const generated = project.run(["revision", "--autogenerate", "-m", "init"], env);
    expect(generated.status, generated.stderr).toBe(0);
    const [file] = readdirSync(path.join(project.dir, "migrations"));
    const migration = readFileSync(path.join(project.dir, "migrations", file!), "utf8");
    expect(migration).toContain('op.createTable(\n    "casbin_rule"');
    expect(migration).toContain('op.createTable(\n    "custom_rule"');

    const upgraded = project.run(["upgrade", "head"], env);
    expect(upgraded.status, upgraded.stderr).toBe(0);
    const built = await catalog(migrated().url);
    // Both tables, so the comparison below is not two empty databases agreeing.
    expect(built.tables.map((t) => t.name).sort()).toEqual(["casbin_rule", "custom_rule"]);
    expect(built).toEqual(await catalog(synchronized().url));

    const check = project.run(["check"], env);
    expect(check.stdout).toContain("No new upgrade operations detected.");
    expect(check.status).toBe(0);

    const downgraded = project.run(["downgrade", "base"], env);
    expect(downgraded.status, downgraded.stderr).toBe(0);
    const empty = await catalog(migrated().url);
    expect({ tables: empty.tables, enums: empty.enums, views: empty.views }).toEqual({
      tables: [],
      enums: [],
      views: [],
    });
  });
});
