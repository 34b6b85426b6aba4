/** Global options wherever they are given, and `check --json` when it cannot compare at all. */
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

  test("check --json that cannot compare prints the reason as JSON too", () => {
    const result = project.run(["check", "--json", "--entities", "nothing/*.ts"]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: expect.stringMatching(/^No entity files match /) });
    expect(result.stderr).toMatch(/^FAILED: No entity files match /);
  });
});
