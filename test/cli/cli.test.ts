/** The CLI's contract that needs no database: exit statuses, usage errors, global options, output. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

describe("retort CLI", () => {
  let project: MigrationsProject;
  beforeAll(() => {
    project = createMigrationsProject([
      { id: "aaa111aaa111", down: null, message: "first", upgrade: "", downgrade: "" },
      { id: "bbb222bbb222", down: "aaa111aaa111", message: "second", upgrade: "", downgrade: "" },
    ]);
    project.writeFile(
      "elsewhere/ccc333ccc333_other.ts",
      `/** other */\nexport const revision = "ccc333ccc333";\nexport const downRevision = null;\n` +
        "export function upgrade() {}\nexport function downgrade() {}\n",
    );
  });
  afterAll(() => project?.remove());

  test("--help exits 0 and lists the commands", () => {
    const result = project.run(["--help"]);
    expect(result.status).toBe(0);
    for (const command of ["upgrade", "downgrade", "current", "history", "heads"]) {
      expect(result.stdout).toContain(command);
    }
  });

  test.for([
    ["an unknown command", ["frobnicate"]],
    ["an unknown option", ["heads", "--nope"]],
    ["a missing argument", ["upgrade"]],
  ])("%s exits 1", ([, args]) => {
    const result = project.run(args as string[]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: /);
  });

  test("history with -v and a range", () => {
    const result = project.run(["history", "-v", "-r", "bbb:"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split("\n").slice(0, 3)).toEqual([
      "Rev: bbb222bbb222 (head)",
      "Parent: aaa111aaa111",
      `Path: ${project.dir}/migrations/bbb222bbb222_second.ts`,
    ]);
    expect(result.stdout).not.toContain("aaa111aaa111_first");
  });

  test("a relative lower end of a history range", () => {
    const result = project.run(["history", "-r", "-1:head"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(2);
  });

  test("history: a revision without a message ends at its id, with no trailing comma", () => {
    const bare = createMigrationsProject();
    try {
      bare.writeFile(
        "migrations/ddd444ddd444_bare.ts",
        `export const revision = "ddd444ddd444";\nexport const downRevision = null;\n` +
          "export function upgrade() {}\nexport function downgrade() {}\n",
      );
      const result = bare.run(["history"]);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toBe("<base> -> ddd444ddd444 (head)\n");
    } finally {
      bare.remove();
    }
  });

  test("a malformed history range", () => {
    const result = project.run(["history", "-r", "bbb"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("FAILED: History range requires [start]:[end], [start]:, or :[end]\n");
  });

  test("--migrations points at another directory", () => {
    const result = project.run(["--migrations", "elsewhere", "heads"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("ccc333ccc333 (head)\n");
  });

  test("a config file's migrations directory", () => {
    project.writeFile("conf/retort.config.json", JSON.stringify({ migrations: "../elsewhere" }));
    const result = project.run(["-c", "conf/retort.config.json", "heads"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("ccc333ccc333 (head)\n");
  });

  test("a missing migrations directory", () => {
    const result = project.run(["--migrations", "nope", "heads"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^FAILED: Path doesn't exist: .*nope\./);
  });

  test("a broken migration file is named", () => {
    const broken = createMigrationsProject();
    try {
      broken.writeFile("migrations/x_bad.ts", "export const revision = 'x';\n");
      const result = broken.run(["heads"]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("x_bad.ts does not export `downRevision`");
    } finally {
      broken.remove();
    }
  });
});
