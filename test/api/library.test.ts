/**
 * The library API (`import { upgrade, autogenerate, check, ... } from "retort"`) against a real
 * PostgreSQL: the same project the CLI tests use, driven without spawning a process. Everything returns
 * data; nothing is printed.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  autogenerate,
  check,
  current,
  downgrade,
  heads,
  history,
  merge,
  revision,
  show,
  stamp,
  upgrade,
} from "retort";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import { createConfiguredProject, createProject, type Project } from "../support/project.js";

describeWithDatabase("library API", () => {
  const db = useDatabase("retort_api");
  let project: Project;
  const options = () => ({ cwd: project.dir, url: db().url });

  beforeAll(() => {
    project = createConfiguredProject("users-app");
  });
  afterAll(() => project?.remove());

  test("autogenerate writes the migration and returns its operations; nothing is printed", async () => {
    const lines: string[] = [];
    const result = await autogenerate({
      ...options(),
      message: "create users",
      revId: "a00000000001",
      log: (l) => lines.push(l),
    });
    expect(result.revision).toBe("a00000000001");
    expect(path.basename(result.path)).toBe("a00000000001_create_users.ts");
    expect(result.operations.map((op) => op.kind)).toEqual(["createTable"]);
    expect(readFileSync(result.path, "utf8")).toContain('await op.createTable(\n    "users",');
    expect(lines).toContain("INFO  [retort.autogenerate.compare] Detected added table 'users'");
  });

  test("upgrade applies it and returns the steps; current and history say where the database is", async () => {
    const { steps } = await upgrade("head", options());
    expect(steps).toEqual([
      {
        direction: "upgrade",
        revision: "a00000000001",
        from: [],
        to: ["a00000000001"],
        message: "create users",
      },
    ]);
    expect(await query(db().url, "SELECT count(*)::int AS n FROM users")).toEqual([{ n: 0 }]);
    const { heads: at } = await current(options());
    expect(at).toEqual([
      expect.objectContaining({
        revision: "a00000000001",
        message: "create users",
        isHead: true,
        isCurrent: true,
      }),
    ]);
    const { revisions } = await history({ ...options(), indicateCurrent: true });
    expect(revisions.map((r) => [r.revision, r.isCurrent])).toEqual([["a00000000001", true]]);
  });

  test("check: up to date, then the operations a model change needs, with hazards", async () => {
    expect(await check(options())).toEqual({
      upToDate: true,
      operations: [],
      detections: [],
      roundTrip: [],
      notes: [],
    });
    // A column no entity declares (changing the entity file instead would not show: this process has
    // already imported it, and Node caches modules).
    await query(db().url, "ALTER TABLE users ADD COLUMN legacy integer");
    const report = await check(options());
    expect(report.upToDate).toBe(false);
    expect(report.operations).toEqual([
      {
        kind: "dropColumn",
        schema: "public",
        table: "users",
        description: "drop column legacy",
        hazards: [{ kind: "data-loss", reason: expect.stringContaining("drops column users.legacy") }],
        notes: [],
      },
    ]);
    expect(report.detections).toEqual(["Detected removed column 'users.legacy'"]);
  });

  test("revision, heads, merge and show: a branch and its merge, as data", async () => {
    await autogenerate({ ...options(), message: "drop legacy", revId: "b00000000002" });
    await revision({
      ...options(),
      message: "side branch",
      revId: "c00000000003",
      head: "a00000000001",
      splice: true,
    });
    expect((await heads(options())).heads.map((h) => h.revision).sort()).toEqual([
      "b00000000002",
      "c00000000003",
    ]);
    const merged = await merge(["heads"], { ...options(), message: "merge", revId: "d00000000004" });
    expect([...merged.merges].sort()).toEqual(["b00000000002", "c00000000003"]);
    const [info] = await show("head", options());
    expect(info).toMatchObject({ revision: "d00000000004", isMergePoint: true, isCurrent: null });
    expect(info!.downRevisions.length).toBe(2);
  });

  test("stamp and downgrade", async () => {
    expect(await stamp("base", { ...options(), purge: true })).toEqual({ versions: [] });
    expect(await stamp("a00000000001", options())).toEqual({ versions: ["a00000000001"] });
    const { steps } = await upgrade("heads", options());
    expect(steps.map((s) => s.revision).sort()).toEqual(["b00000000002", "c00000000003", "d00000000004"]);
    const down = await downgrade("base", options());
    expect(down.steps.map((s) => s.revision).at(-1)).toBe("a00000000001");
    expect((await current(options())).heads).toEqual([]);
  });

  test("upgrade with sql renders the script without a database", async () => {
    const { sql } = await upgrade("base:a00000000001", {
      cwd: project.dir,
      url: "postgresql://nobody@127.0.0.1:1/none",
      sql: true,
    });
    expect(sql?.join("\n")).toContain('CREATE TABLE "public"."users"');
  });
});

describeWithDatabase("library API: an inline config with filters and a version table elsewhere", () => {
  const db = useDatabase("retort_api_inline");
  let project: Project;

  beforeAll(async () => {
    project = createProject("users-app");
    await query(
      db().url,
      "CREATE SCHEMA meta; CREATE TABLE legacy_orders (id int); CREATE TABLE tmp_import (id int)",
    );
  });
  afterAll(() => project?.remove());

  test("excluded tables are neither dropped nor reported; the version table lives in its schema", async () => {
    const config = {
      entities: ["src/entity/*.ts"],
      migrations: "db/migrations",
      excludeTables: ["legacy_*"],
      includeObject: (name: string) => !name.startsWith("tmp_"),
      versionTable: "schema_versions",
      versionTableSchema: "meta",
      fileName: "{year}_{rev}_{slug}",
    };
    mkdirSync(path.join(project.dir, "db/migrations"), { recursive: true });
    const result = await autogenerate({
      cwd: project.dir,
      url: db().url,
      config,
      message: "init",
      revId: "e00000000005",
    });
    expect(result.operations.map((op) => op.kind)).toEqual(["createTable"]);
    expect(readdirSync(path.join(project.dir, "db/migrations"))).toEqual([
      `${new Date().getFullYear()}_e00000000005_init.ts`,
    ]);
    await upgrade("head", { cwd: project.dir, url: db().url, config });
    expect(await query(db().url, "SELECT version_num FROM meta.schema_versions")).toEqual([
      { version_num: "e00000000005" },
    ]);
    expect(await query(db().url, "SELECT to_regclass('public.retort_version') AS t")).toEqual([{ t: null }]);
    expect((await check({ cwd: project.dir, url: db().url, config })).upToDate).toBe(true);
  });
});
