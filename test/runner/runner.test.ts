/**
 * The runner on a real PostgreSQL, through the built CLI: hand-written migrations applied and
 * reverted, the version table's rows, Alembic's progress lines, rollback of a failing step, the
 * error lines, and two concurrent `upgrade head` runs.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import {
  createMigrationsProject,
  type MigrationSpec,
  type MigrationsProject,
} from "../support/migrations-dir.js";

const createAccount: MigrationSpec = {
  id: "1975ea83b712",
  down: null,
  message: "create account table",
  upgrade: `await op.createTable("account", [
    { name: "id", type: "serial", nullable: false },
    { name: "name", type: "character varying(50)", nullable: false },
  ], { primaryKey: { name: "account_pkey", columns: ["id"] } });`,
  downgrade: `await op.dropTable("account");`,
};

const addColumn: MigrationSpec = {
  id: "ae1027a6acf0",
  down: "1975ea83b712",
  message: "add a column",
  upgrade: `await op.addColumn("account", { name: "last_transaction_date", type: "timestamp without time zone" });
  await op.execute("INSERT INTO account (name) VALUES ('ada')");`,
  downgrade: `await op.dropColumn("account", "last_transaction_date");`,
};

const LOG = "INFO  [retort.runtime.migration]";

async function versions(url: string): Promise<string[] | null> {
  const [row] = await query<{ exists: boolean }>(
    url,
    "SELECT to_regclass('public.retort_version') IS NOT NULL AS exists",
  );
  if (!row?.exists) return null;
  return (await query<{ version_num: string }>(url, "SELECT version_num FROM retort_version ORDER BY 1")).map(
    (r) => r.version_num,
  );
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await query<{ exists: boolean }>(url, "SELECT to_regclass($1) IS NOT NULL AS exists", [
    `public.${table}`,
  ]);
  return row!.exists;
}

async function columns(url: string, table: string): Promise<string[]> {
  const rows = await query<{ column_name: string }>(
    url,
    "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
    [table],
  );
  return rows.map((r) => r.column_name);
}

describeWithDatabase("upgrade, downgrade, current, history, heads", () => {
  const db = useDatabase();
  let project: MigrationsProject;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });

  beforeAll(() => {
    project = createMigrationsProject([createAccount, addColumn]);
  });
  afterAll(() => project?.remove());

  test("current on a new database says it is at base and creates no version table", async () => {
    const result = retort("current");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("<base> (no revision applied)\n");
    expect(await versions(db().url)).toBeNull();
  });

  test("heads and history need no database", () => {
    const heads = project.run(["heads"]);
    expect(heads.status, heads.stderr).toBe(0);
    expect(heads.stdout).toBe("ae1027a6acf0 (head)\n");
    const history = project.run(["history"]);
    expect(history.stdout).toBe(
      "1975ea83b712 -> ae1027a6acf0 (head), add a column\n<base> -> 1975ea83b712, create account table\n",
    );
  });

  test("upgrade head applies every migration in order, logging Alembic's lines on stderr", async () => {
    const result = retort("upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `${LOG} Running upgrade  -> 1975ea83b712, create account table\n` +
        `${LOG} Running upgrade 1975ea83b712 -> ae1027a6acf0, add a column\n`,
    );
    expect(await versions(db().url)).toEqual(["ae1027a6acf0"]);
    expect(await columns(db().url, "account")).toEqual(["id", "name", "last_transaction_date"]);
  });

  test("upgrade head again has nothing to do, and says so", () => {
    const result = retort("upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("Already at head (ae1027a6acf0)\n");
  });

  test("current, current --verbose and history --indicate-current", () => {
    expect(retort("current").stdout).toBe("ae1027a6acf0 (head)\n");
    const verbose = retort("current", "--verbose");
    expect(verbose.stdout.split("\n").slice(0, 3)).toEqual([
      `Current revision(s) for ${db().url}:`,
      "Rev: ae1027a6acf0 (head)",
      "Parent: 1975ea83b712",
    ]);
    expect(retort("history", "-i").stdout).toBe(
      "1975ea83b712 -> ae1027a6acf0 (head) (current), add a column\n<base> -> 1975ea83b712, create account table\n",
    );
  });

  test("downgrade -1 reverts the last migration", async () => {
    const result = retort("downgrade", "-1");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`${LOG} Running downgrade ae1027a6acf0 -> 1975ea83b712, add a column\n`);
    expect(await versions(db().url)).toEqual(["1975ea83b712"]);
    expect(await columns(db().url, "account")).toEqual(["id", "name"]);
    const current = retort("current");
    expect(current.stdout, current.stderr).toBe("1975ea83b712\n");
  });

  test("downgrade base reverts everything and empties the version table", async () => {
    const result = retort("downgrade", "base");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`${LOG} Running downgrade 1975ea83b712 -> , create account table\n`);
    expect(await versions(db().url)).toEqual([]);
    expect(await tableExists(db().url, "account")).toBe(false);
  });

  test("downgrade -1 at base fails with Alembic's message", () => {
    const result = retort("downgrade", "-1");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "FAILED: Relative revision -1 didn't produce 1 migrations (the database is at <base>)\n",
    );
  });

  test("upgrade +1 applies one migration", async () => {
    const result = retort("upgrade", "+1");
    expect(result.status, result.stderr).toBe(0);
    expect(await versions(db().url)).toEqual(["1975ea83b712"]);
  });

  test("upgrade to a revision prefix", async () => {
    const result = retort("upgrade", "ae10");
    expect(result.status, result.stderr).toBe(0);
    expect(await versions(db().url)).toEqual(["ae1027a6acf0"]);
  });

  test("downgrade to a full revision id", async () => {
    const result = retort("downgrade", "1975ea83b712");
    expect(result.status, result.stderr).toBe(0);
    expect(await versions(db().url)).toEqual(["1975ea83b712"]);
  });

  test("an unknown revision", () => {
    const result = retort("upgrade", "zzz");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("FAILED: Can't locate revision identified by 'zzz'\n");
  });

  test("upgrade --sql prints the script from the database's revision and changes nothing", async () => {
    const result = retort("upgrade", "head", "--sql");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^BEGIN;\n\n-- Running upgrade 1975ea83b712 -> ae1027a6acf0\n/);
    expect(result.stdout).toMatch(/\nCOMMIT;\n\n$/);
    expect(await versions(db().url)).toEqual(["1975ea83b712"]);
  });
});

describeWithDatabase("a migration that fails halfway", () => {
  const db = useDatabase();
  let project: MigrationsProject;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });

  beforeAll(() => {
    project = createMigrationsProject([
      createAccount,
      {
        id: "2b7e4c9d1f30",
        down: createAccount.id,
        message: "create audit then fail",
        upgrade: `await op.createTable("audit", [{ name: "id", type: "integer" }]);
  throw new Error("boom after creating audit");`,
        downgrade: `await op.dropTable("audit");`,
      },
    ]);
  });
  afterAll(() => project?.remove());

  test("is rolled back; the steps before it stay committed", async () => {
    const result = retort("upgrade", "head");
    expect(result.status).toBe(1);
    const failed = result.stderr.split("\n").filter((line) => line.startsWith("FAILED:"));
    expect(failed).toEqual([
      "FAILED: upgrade of revision 2b7e4c9d1f30 failed and was rolled back: boom after creating audit",
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await tableExists(db().url, "audit")).toBe(false);
    expect(await tableExists(db().url, "account")).toBe(true);
    expect(await versions(db().url)).toEqual([createAccount.id]);
  });

  test("--traceback adds the stack trace", () => {
    const result = project.run(["--traceback", "upgrade", "head"], { DATABASE_URL: db().url });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^\s+at /m);
  });

  test("a statement PostgreSQL rejects is named in the error", async () => {
    project.write({
      id: "3c8f5d0e2a41",
      down: createAccount.id,
      message: "bad sql",
      upgrade: `await op.execute("UPDATE no_such_table SET x = 1");`,
      downgrade: "",
    });
    const result = retort("upgrade", "3c8f");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'FAILED: upgrade of revision 3c8f5d0e2a41 failed and was rolled back: relation "no_such_table" does not exist\n' +
        "  while running: UPDATE no_such_table SET x = 1\n",
    );
    expect(await versions(db().url)).toEqual([createAccount.id]);
  });

  test("PostgreSQL's hint, where it gives one, comes with its message", async () => {
    project.write({
      id: "4d9a6e1f3b52",
      down: createAccount.id,
      message: "no such function",
      upgrade: `await op.execute("SELECT no_such_function(1)");`,
      downgrade: "",
    });
    const result = retort("upgrade", "4d9a");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "FAILED: upgrade of revision 4d9a6e1f3b52 failed and was rolled back: function no_such_function(integer) does not exist\n" +
        "  hint: No function matches the given name and argument types. You might need to add explicit type casts.\n" +
        "  while running: SELECT no_such_function(1)\n",
    );
    expect(await versions(db().url)).toEqual([createAccount.id]);
  });
});

describeWithDatabase("two upgrades at once", () => {
  const db = useDatabase();
  let project: MigrationsProject;

  beforeAll(() => {
    project = createMigrationsProject([
      {
        id: "4d9a6e1f3b52",
        down: null,
        message: "slow create",
        // The sleep keeps the lock held while the other process arrives.
        upgrade: `await op.createTable("applied", [{ name: "step", type: "text" }]);
  await op.execute("SELECT pg_sleep(1)");`,
        downgrade: `await op.dropTable("applied");`,
      },
      {
        id: "5e0b7f2a4c63",
        down: "4d9a6e1f3b52",
        message: "record",
        upgrade: `await op.execute("INSERT INTO applied VALUES ('second')");`,
        downgrade: `await op.execute("DELETE FROM applied");`,
      },
    ]);
  });
  afterAll(() => project?.remove());

  test("apply each migration once", async () => {
    const env = { DATABASE_URL: db().url };
    const results = await Promise.all([
      project.runAsync(["upgrade", "head"], env),
      project.runAsync(["upgrade", "head"], env),
    ]);
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    const lines = results.flatMap((r) =>
      r.stderr.split("\n").filter((line) => line.includes("Running upgrade")),
    );
    expect(lines.sort()).toEqual([
      `${LOG} Running upgrade  -> 4d9a6e1f3b52, slow create`,
      `${LOG} Running upgrade 4d9a6e1f3b52 -> 5e0b7f2a4c63, record`,
    ]);
    expect(await query(db().url, "SELECT step FROM applied")).toEqual([{ step: "second" }]);
    expect(await versions(db().url)).toEqual(["5e0b7f2a4c63"]);
  });
});

describe("connection errors", () => {
  let project: MigrationsProject;
  beforeAll(() => {
    project = createMigrationsProject([createAccount]);
  });
  afterAll(() => project?.remove());

  test("an unreachable database: one line, the password masked", () => {
    const result = project.run(["--url", "postgresql://postgres:secret@127.0.0.1:1/x", "upgrade", "head"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^FAILED: Could not connect to postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x: /,
    );
    expect(result.stderr).not.toContain("secret");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("a URL that does not parse: one line that shows the expected shape", () => {
    const result = project.run(["--url", "localhost:5432/app", "upgrade", "head"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "FAILED: Invalid database URL 'localhost:5432/app': expected postgresql://user:password@host:port/database\n",
    );
  });
});
