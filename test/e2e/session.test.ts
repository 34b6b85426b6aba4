/**
 * The foundation issue's session, exactly as a user runs it: init, autogenerate, upgrade, check, edit
 * the entity, autogenerate again, upgrade with rows in the table, downgrade, current, history.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { introspect } from "../../src/introspect/index.js";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

async function snapshot(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspect(client, { schemas: ["public"], excludeTables: ["retort_version"] });
  } finally {
    await client.end();
  }
}

describeWithDatabase("the seed workflow through the CLI", () => {
  const db = useDatabase();
  let project: Project;
  let env: Record<string, string>;
  const retort = (...args: string[]) => project.run(args, env);
  const migrationFiles = () =>
    readdirSync(path.join(project.dir, "migrations"))
      .filter((f) => f.endsWith(".ts"))
      .sort();

  beforeAll(() => {
    project = createProject("users-app");
    env = { DATABASE_URL: db().url };
  });
  afterAll(() => project?.remove());

  let firstRevision = "";
  let schemaAfterFirst: Awaited<ReturnType<typeof snapshot>>;

  test("init writes retort.config.ts and migrations/", () => {
    const result = retort("init");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(project.dir, "retort.config.ts"), "utf8")).toContain("entities");
    expect(migrationFiles()).toEqual([]);
  });

  test("revision --autogenerate writes a readable create-table migration", () => {
    const result = retort("revision", "--autogenerate", "-m", "create users");
    expect(result.status, result.stderr).toBe(0);
    const [file] = migrationFiles();
    expect(file).toMatch(/^[0-9a-f]{12}_create_users\.ts$/);
    firstRevision = file!.slice(0, 12);
    const text = readFileSync(path.join(project.dir, "migrations", file!), "utf8");
    expect(text).toContain(`Revision ID: ${firstRevision}`);
    expect(text).toContain('await op.createTable(\n    "users",');
    expect(text).toContain('{ name: "id", type: "serial", nullable: false }');
    expect(text).toContain('{ name: "name", type: "character varying(50)", nullable: false }');
    expect(text).toContain('await op.dropTable("users");');
  });

  test("upgrade head creates the table and records the revision", async () => {
    const result = retort("upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    const columns = await query(
      db().url,
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "integer", is_nullable: "NO" },
      { column_name: "name", data_type: "character varying", is_nullable: "NO" },
      { column_name: "age", data_type: "integer", is_nullable: "NO" },
      { column_name: "bio", data_type: "character varying", is_nullable: "NO" },
    ]);
    expect(await query(db().url, "SELECT version_num FROM retort_version")).toEqual([
      { version_num: firstRevision },
    ]);
    schemaAfterFirst = await snapshot(db().url);
  });

  test("check finds nothing to do", () => {
    const result = retort("check");
    expect(result.stdout).toContain("No new upgrade operations detected.");
    expect(result.status).toBe(0);
  });

  test("an edited entity autogenerates in-place changes, never drop + add", async () => {
    await query(db().url, "INSERT INTO users (name, age, bio) VALUES ('ada', 36, 'maths'), ('alan', 41, '')");
    const entity = path.join(project.dir, "src/entity/User.ts");
    writeFileSync(
      entity,
      readFileSync(entity, "utf8")
        .replace("@Column({ length: 50 })", "@Column({ length: 255 })")
        .replace("@Column()\n  age!: number;", '@Column({ type: "bigint", default: 18 })\n  age!: number;')
        .replace('@Column({ default: "" })', '@Column({ default: "", nullable: true })')
        .replace(/}\s*$/, "\n  @Column({ nullable: true })\n  avatar!: string;\n}\n"),
    );
    const check = retort("check");
    expect(check.status).toBe(1);

    const result = retort("revision", "--autogenerate", "-m", "widen");
    expect(result.status, result.stderr).toBe(0);
    const file = migrationFiles().find((f) => f.endsWith("_widen.ts"))!;
    const text = readFileSync(path.join(project.dir, "migrations", file), "utf8");
    expect(text).toContain(
      `export const downRevision: string | readonly string[] | null = "${firstRevision}";`,
    );
    expect(text).toContain('op.alterColumn("users", "name", { type: "character varying(255)"');
    expect(text).toContain(`op.alterColumn("users", "age", { type: "bigint", default: "'18'::bigint"`);
    expect(text).toContain('op.alterColumn("users", "bio", { nullable: true })');
    expect(text).toContain(
      'op.addColumn("users", { name: "avatar", type: "character varying", nullable: true })',
    );
    const upgradeBody = text.slice(text.indexOf("upgrade("), text.indexOf("downgrade("));
    expect(upgradeBody).not.toContain("dropColumn");
  });

  test("upgrade keeps every row and value", async () => {
    const result = retort("upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(await query(db().url, "SELECT id, name, age, bio, avatar FROM users ORDER BY id")).toEqual([
      { id: 1, name: "ada", age: "36", bio: "maths", avatar: null },
      { id: 2, name: "alan", age: "41", bio: "", avatar: null },
    ]);
    const [age] = await query(
      db().url,
      "SELECT data_type, column_default FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'age'",
    );
    expect(age).toEqual({ data_type: "bigint", column_default: "'18'::bigint" });
    expect(retort("check").status).toBe(0);
  });

  test("downgrade -1 puts the schema back exactly as before", async () => {
    const result = retort("downgrade", "-1");
    expect(result.status, result.stderr).toBe(0);
    expect(await snapshot(db().url)).toEqual(schemaAfterFirst);
    expect(await query(db().url, "SELECT name, age, bio FROM users ORDER BY id")).toEqual([
      { name: "ada", age: 36, bio: "maths" },
      { name: "alan", age: 41, bio: "" },
    ]);
  });

  test("current and history show where the database is", () => {
    const current = retort("current");
    expect(current.status).toBe(0);
    expect(current.stdout.trim()).toBe(firstRevision);
    const history = retort("history");
    expect(history.status).toBe(0);
    const lines = history.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${firstRevision} -> [0-9a-f]{12} \\(head\\), widen$`));
    expect(lines[1]).toBe(`<base> -> ${firstRevision}, create users`);
  });
});
