/**
 * Global options wherever they are given, one meaning per flag (`-v/--verbose` shows in full,
 * `--traceback` adds stack traces), and `check --json` when it cannot compare at all.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

describe("global options and errors as scripts see them", () => {
  let project: MigrationsProject;
  beforeAll(() => {
    project = createMigrationsProject();
  });
  afterAll(() => project?.remove());

  test("--entities before the command does not swallow the command's name, and repeats", () => {
    const result = project.run(["--entities", "nothing/*.ts", "--entities", "none/*.ts", "check"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^FAILED: No entity files match '\S+\/nothing\/\*\.ts', '\S+\/none\/\*\.ts' in \S+\n$/,
    );
  });

  test.for([
    ["before the command", ["--traceback", "show", "nope"]],
    ["after it", ["show", "nope", "--traceback"]],
  ])("--traceback %s adds the stack trace under the FAILED line", ([, args]) => {
    const result = project.run(args as string[]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^FAILED: Can't locate revision identified by 'nope'\nRevisionNotFoundError: .*\n\s+at /,
    );
  });

  test("-v/--verbose is 'show in full' only: no stack trace with an error", () => {
    for (const flag of ["-v", "--verbose"]) {
      const result = project.run(["history", flag, "-r", "nope:"]);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe("FAILED: Can't locate revision identified by 'nope'\n");
    }
  });

  test("--verbose where it is not an option says where stack traces went", () => {
    for (const args of [
      ["--verbose", "show", "nope"],
      ["upgrade", "head", "--verbose"],
    ]) {
      const result = project.run(args);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        "error: unknown option '--verbose'\n" +
          "(-v/--verbose shows revisions in full on current, history, heads and branches; stack traces are --traceback)\n",
      );
    }
  });

  test("check --json that cannot compare prints the reason as JSON too", () => {
    const result = project.run(["check", "--json", "--entities", "nothing/*.ts"]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: expect.stringMatching(/^No entity files match /) });
    expect(result.stderr).toMatch(/^FAILED: No entity files match /);
  });
});
