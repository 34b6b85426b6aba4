/**
 * `runRetortMigrations(dataSource)`: a TypeORM application migrating its database at start-up with its
 * own DataSource, initialized (a connection borrowed from its pool) or not (its connection options).
 */
import "reflect-metadata";
import { autogenerate, runRetortMigrations } from "retort";
import { DataSource } from "typeorm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import { createConfiguredProject, type Project } from "../support/project.js";

describeWithDatabase("runRetortMigrations", () => {
  const db = useDatabase("retort_app_start");
  let project: Project;
  // A second database for the not-initialized case, so each case starts from an empty one.
  const other = useDatabase("retort_app_start_b");

  beforeAll(async () => {
    project = createConfiguredProject("users-app");
    await autogenerate({ cwd: project.dir, url: db().url, message: "create users", revId: "f00000000001" });
  });
  afterAll(() => project?.remove());

  test("an initialized DataSource lends a pooled connection; two at once apply the migration once", async () => {
    const dataSource = new DataSource({ type: "postgres", url: db().url, entities: [] });
    await dataSource.initialize();
    try {
      const lines: string[] = [];
      const options = { cwd: project.dir, migrations: "migrations", log: (line: string) => lines.push(line) };
      const [first, second] = await Promise.all([
        runRetortMigrations(dataSource, options),
        runRetortMigrations(dataSource, options),
      ]);
      expect([...first, ...second].map((step) => step.revision)).toEqual(["f00000000001"]);
      // The other run may have said it waited for the lock; the migration itself ran once.
      expect(lines.filter((line) => line.includes("Running "))).toEqual([
        "INFO  [retort.runtime.migration] Running upgrade  -> f00000000001, create users",
      ]);
      // The pool still works afterwards: the borrowed connection went back.
      expect(await dataSource.query("SELECT version_num FROM retort_version")).toEqual([
        { version_num: "f00000000001" },
      ]);
    } finally {
      await dataSource.destroy();
    }
  });

  test("a DataSource not initialized yet: its connection options, on a connection of retort's own", async () => {
    const url = new URL(other().url);
    const dataSource = new DataSource({
      type: "postgres",
      host: url.hostname,
      port: Number(url.port),
      username: decodeURIComponent(url.username),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      database: url.pathname.slice(1),
    });
    const steps = await runRetortMigrations(dataSource, { cwd: project.dir });
    expect(steps.map((step) => step.revision)).toEqual(["f00000000001"]);
    expect(dataSource.isInitialized).toBe(false);
    expect(await query(other().url, "SELECT count(*)::int AS n FROM users")).toEqual([{ n: 0 }]);
  });

  test("a DataSource for another database type is refused", async () => {
    const dataSource = { isInitialized: false, options: { type: "mysql" }, driver: undefined };
    await expect(runRetortMigrations(dataSource, { cwd: project.dir })).rejects.toThrow(
      "retort migrates PostgreSQL; this DataSource is 'mysql'",
    );
  });
});
