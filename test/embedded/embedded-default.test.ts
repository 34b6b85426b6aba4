/**
 * With no URL anywhere, every command runs on the embedded database in the project's `.retort/`,
 * through the built CLI as a user runs it.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliPath, createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

const NOTICE = "INFO  [retort.embedded] Using the embedded database in";

describe("the embedded database by default", () => {
  let project: MigrationsProject;
  let dataDir: string;
  // No DATABASE_URL: the helper never passes the outer shell's.
  const retort = (...args: string[]) => project.run(args);

  beforeAll(() => {
    project = createMigrationsProject([
      {
        id: "4d9a6e1f3b52",
        down: null,
        message: "create applied",
        // uuid_generate_v4() needs the uuid-ossp contrib module, which PGlite must have loaded.
        upgrade: `await op.execute('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
  await op.createTable("applied", [{ name: "id", type: "uuid", default: "uuid_generate_v4()" }, { name: "step", type: "text" }]);
  await op.execute("SELECT pg_sleep(0.5)");`,
        downgrade: `await op.dropTable("applied");`,
      },
      {
        id: "5e0b7f2a4c63",
        down: "4d9a6e1f3b52",
        message: "record",
        upgrade: `await op.execute("INSERT INTO applied (step) VALUES ('second')");`,
        downgrade: `await op.execute("DELETE FROM applied");`,
      },
    ]);
    dataDir = path.join(project.dir, ".retort/pgdata");
  });
  afterAll(() => project?.remove());

  test("two processes at once: the second waits for the first, and each migration runs once", async () => {
    const results = await Promise.all([
      project.runAsync(["upgrade", "head"]),
      project.runAsync(["upgrade", "head"]),
    ]);
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    const stderr = results.map((r) => r.stderr).join("");
    expect(stderr.split("\n").filter((line) => line.includes("Running upgrade"))).toHaveLength(2);
    expect(stderr).toMatch(
      /INFO {2}\[retort\.embedded\] Waiting for retort process \d+, which is using the embedded database in /,
    );
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  test("says on stderr which database it uses and why, on the first command of the day", () => {
    const noticeDay = path.join(project.dir, ".retort/notice-day");
    rmSync(noticeDay, { force: true });
    const result = retort("current");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("5e0b7f2a4c63 (head)\n");
    expect(result.stderr).toBe(`${NOTICE} ${dataDir} (no --url, config url or DATABASE_URL)\n`);
    // The rest of the day's commands in this project go without it.
    const again = retort("current");
    expect(again.stdout).toBe("5e0b7f2a4c63 (head)\n");
    expect(again.stderr).toBe("");
    // A new day says it again.
    writeFileSync(noticeDay, "2020-01-01\n");
    expect(retort("current").stderr).toBe(`${NOTICE} ${dataDir} (no --url, config url or DATABASE_URL)\n`);
    expect(readFileSync(noticeDay, "utf8")).not.toBe("2020-01-01\n");
    // Its loopback URL is gone once the command ends: the data directory is what identifies it.
    const verbose = retort("current", "--verbose");
    expect(verbose.stdout.split("\n")[0]).toBe(
      `Current revision(s) for the embedded database in ${dataDir}:`,
    );
  });

  test("keeps its data between processes, in .retort/ which git ignores", () => {
    expect(readFileSync(path.join(project.dir, ".retort/.gitignore"), "utf8")).toContain("*\n");
    const downgraded = retort("downgrade", "-1");
    expect(downgraded.status, downgraded.stderr).toBe(0);
    expect(retort("current").stdout).toBe("4d9a6e1f3b52\n");
  });

  test("a failing command still shuts the database down and releases it", () => {
    const failed = retort("upgrade", "nope");
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("FAILED: Can't locate revision identified by 'nope'");
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    expect(retort("upgrade", "head").status).toBe(0);
  });

  test("Ctrl-C during a command still shuts the database down and releases it", async () => {
    project.write({
      id: "6f1c8a3b5d74",
      down: "5e0b7f2a4c63",
      message: "slow",
      upgrade: `await op.execute("SELECT pg_sleep(1)");`,
      downgrade: "",
    });
    const child = spawn(process.execPath, [cliPath, "upgrade", "head"], {
      cwd: project.dir,
      env: { ...process.env, DATABASE_URL: "" },
    });
    let stderr = "";
    const running = new Promise<void>((resolve) => {
      child.stderr.on("data", (data) => {
        stderr += data;
        if (stderr.includes("Running upgrade")) resolve();
      });
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    await running;
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const after = retort("current");
    expect(after.status, after.stderr).toBe(0);
    expect(after.stderr).not.toContain("Waiting");
  });

  test("commands that need no database do not start it", () => {
    const result = retort("heads");
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });

  test("the .retort/ directory sits next to the config file, wherever the command runs from", () => {
    project.writeFile("conf/retort.config.json", JSON.stringify({ migrations: "../migrations" }));
    const result = retort("-c", "conf/retort.config.json", "current");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${NOTICE} ${path.join(project.dir, "conf/.retort/pgdata")} `);
    expect(result.stdout).toBe("<base> (no revision applied)\n");
  });
});
