/**
 * `check --shadow` and `revision --autogenerate --shadow`: the migrations replayed into a throw-away
 * database, with no database configured at all (and the embedded default never opened), through the
 * built CLI as a user runs it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeWithServer, query, urlFor } from "../support/database.js";
import { migrationSource } from "../support/migrations-dir.js";
import { createConfiguredProject, type Project } from "../support/project.js";

describe("check --shadow", () => {
  let project: Project;
  const retort = (...args: string[]) => project.run(args);
  const migrationsDir = () => path.join(project.dir, "migrations");
  const entityFile = () => path.join(project.dir, "src/entity/User.ts");

  beforeAll(() => {
    project = createConfiguredProject("users-app");
  });
  afterAll(() => project?.remove());

  test("revision --autogenerate --shadow needs no database: the migrations are replayed into a shadow", () => {
    const result = retort(
      "revision",
      "--autogenerate",
      "--shadow",
      "-m",
      "create users",
      "--rev-id",
      "aaa000000001",
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("Using a throw-away embedded database as the shadow database");
    expect(result.stderr).not.toContain("Using the embedded database in");
    const file = readdirSync(migrationsDir()).find((f) => f.startsWith("aaa000000001"))!;
    expect(readFileSync(path.join(migrationsDir(), file), "utf8")).toContain('op.createTable(\n    "users",');
    // The project's own embedded database was never created.
    expect(existsSync(path.join(project.dir, ".retort/pgdata"))).toBe(false);
  });

  test("models and migrations agree, and every downgrade restores the schema", () => {
    const result = retort("check", "--shadow");
    expect(result.stdout).toBe("No new upgrade operations detected.\n");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("Running upgrade  -> aaa000000001, create users");
    expect(result.stderr).toContain("Running downgrade aaa000000001 -> , create users");
  });

  test("a model change with no migration is caught", () => {
    writeFileSync(
      entityFile(),
      readFileSync(entityFile(), "utf8").replace(
        /}\s*$/,
        "\n  @Column({ nullable: true })\n  avatar!: string;\n}\n",
      ),
    );
    const result = retort("check", "--shadow");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("  users\n    + add column avatar character varying\n");
    expect(result.stderr).toContain("Detected added column 'users.avatar'");
    expect(result.stderr).toMatch(/FAILED: New upgrade operations detected: 1 to generate/);

    const generated = retort(
      "revision",
      "--autogenerate",
      "--shadow",
      "-m",
      "avatar",
      "--rev-id",
      "aaa000000002",
    );
    expect(generated.status, generated.stderr).toBe(0);
    const again = retort("check", "--shadow");
    expect(again.status, again.stdout + again.stderr).toBe(0);
  });

  test("a downgrade that does not restore the schema is caught, and named", () => {
    writeFileSync(
      entityFile(),
      readFileSync(entityFile(), "utf8").replace("@Column({ length: 50 })", "@Column({ length: 255 })"),
    );
    // The upgrade is right (the models agree at the head), the downgrade forgets to narrow the column back.
    writeFileSync(
      path.join(migrationsDir(), "aaa000000003_widen_name.ts"),
      migrationSource({
        id: "aaa000000003",
        down: "aaa000000002",
        message: "widen name",
        upgrade: `await op.alterColumn("users", "name", { type: "character varying(255)" });`,
        downgrade: "",
      }),
    );
    const result = retort("check", "--shadow");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      "No new upgrade operations detected.\n" +
        "Downgrade of aaa000000003 (widen name) does not restore the schema its upgrade started from (after the downgrade vs before the upgrade):\n" +
        '  table public.users: column name: type: "character varying(50)" → "character varying(255)"\n',
    );
    expect(result.stderr).toContain(
      "FAILED: A downgrade does not restore the schema its upgrade started from\n",
    );
  });

  test("a downgrade that fails is caught", () => {
    writeFileSync(
      path.join(migrationsDir(), "aaa000000003_widen_name.ts"),
      migrationSource({
        id: "aaa000000003",
        down: "aaa000000002",
        message: "widen name",
        upgrade: `await op.alterColumn("users", "name", { type: "character varying(255)" });`,
        downgrade: `await op.execute("ALTER TABLE users ALTER COLUMN nope TYPE text");`,
      }),
    );
    const result = retort("check", "--shadow");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'downgrade of revision aaa000000003 failed and was rolled back: column "nope" of relation "users" does not exist',
    );
  });

  test("a migration that fails halfway is caught, and the shadow is still cleaned up", () => {
    writeFileSync(
      path.join(migrationsDir(), "aaa000000003_widen_name.ts"),
      migrationSource({
        id: "aaa000000003",
        down: "aaa000000002",
        message: "widen name",
        upgrade: `await op.alterColumn("users", "name", { type: "character varying(255)" });
  await op.execute("UPDATE no_such_table SET x = 1");`,
        downgrade: `await op.alterColumn("users", "name", { type: "character varying(50)" });`,
      }),
    );
    const result = retort("check", "--shadow");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'FAILED: upgrade of revision aaa000000003 failed and was rolled back: relation "no_such_table" does not exist\n' +
        "  while running: UPDATE no_such_table SET x = 1\n",
    );

    // Fixed, the whole history round-trips.
    writeFileSync(
      path.join(migrationsDir(), "aaa000000003_widen_name.ts"),
      migrationSource({
        id: "aaa000000003",
        down: "aaa000000002",
        message: "widen name",
        upgrade: `await op.alterColumn("users", "name", { type: "character varying(255)" });`,
        downgrade: `await op.alterColumn("users", "name", { type: "character varying(50)" });`,
      }),
    );
    const fixed = retort("check", "--shadow");
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
  });

  test("a column re-added by a downgrade lands at the end of its table: a note, not a failure", () => {
    writeFileSync(
      entityFile(),
      readFileSync(entityFile(), "utf8").replace(/\n {2}@Column\(\)\n {2}age!: number;\n/, ""),
    );
    const generated = retort(
      "revision",
      "--autogenerate",
      "--shadow",
      "-m",
      "drop age",
      "--rev-id",
      "aaa000000004",
    );
    expect(generated.status, generated.stderr).toBe(0);
    const note =
      "Note: the downgrade of aaa000000004 (drop age) restores the schema with columns in another order (PostgreSQL re-adds a column at the end of its table):\n" +
      "  table public.users: columns id, name, bio, avatar, age (before the upgrade: id, name, age, bio, avatar)\n";
    const result = retort("check", "--shadow");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`No new upgrade operations detected.\n${note}`);

    const json = retort("check", "--shadow", "--json");
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      upToDate: true,
      roundTrip: [],
      notes: note.trimEnd().split("\n"),
    });
  });
});

describeWithServer("check --shadow-url", () => {
  let project: Project;

  beforeAll(() => {
    project = createConfiguredProject("users-app");
  });
  afterAll(() => project?.remove());

  test("replays into a scratch database on the server, and drops it", async () => {
    const shadowUrl = urlFor("postgres");
    const generated = project.run([
      "revision",
      "--autogenerate",
      "--shadow-url",
      shadowUrl,
      "-m",
      "create users",
    ]);
    expect(generated.status, generated.stderr).toBe(0);
    const result = project.run(["check", "--shadow-url", shadowUrl]);
    expect(result.stdout).toBe("No new upgrade operations detected.\n");
    expect(result.status, result.stderr).toBe(0);
    const name = /Using the shadow database (retort_shadow_[0-9a-f]+) on /.exec(result.stderr)?.[1];
    expect(name).toBeDefined();
    expect(await query(shadowUrl, "SELECT datname FROM pg_database WHERE datname = $1", [name])).toEqual([]);
    // No embedded database was started: neither the project's nor a template for a shadow.
    const retortDir = path.join(project.dir, ".retort");
    const entries = existsSync(retortDir) ? readdirSync(retortDir) : [];
    expect(entries.filter((name) => name === "pgdata" || name.startsWith("template-"))).toEqual([]);
  });
});
