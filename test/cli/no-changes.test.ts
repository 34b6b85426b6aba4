/**
 * `revision --autogenerate` with nothing to do says so and writes nothing, unless `--allow-empty`
 * (issue 17, item 3). `revision` without `-m` keeps Alembic's behaviour: a file with an empty message.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createConfiguredProject, type Project } from "../support/project.js";

describeWithDatabase("autogenerate with no changes", () => {
  const db = useDatabase("retort_no_changes");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });
  const migrations = () => readdirSync(path.join(project.dir, "migrations")).sort();

  beforeAll(() => {
    project = createConfiguredProject("users-app");
    expect(retort("revision", "--autogenerate", "-m", "users").status).toBe(0);
    expect(retort("upgrade", "head").status).toBe(0);
  });
  afterAll(() => project?.remove());

  test("says 'No changes in schema detected.', exit 0, no file", () => {
    const before = migrations();
    const result = retort("revision", "--autogenerate", "-m", "nothing");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      "No changes in schema detected.\nNo file written; pass --allow-empty to write an empty revision anyway.\n",
    );
    expect(migrations()).toEqual(before);
  });

  test("--allow-empty writes the empty revision, as Alembic does", () => {
    const before = migrations();
    const result = retort("revision", "--autogenerate", "--allow-empty", "-m", "placeholder");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Generating .*_placeholder\.ts \.\.\. {2}done\n$/);
    expect(migrations()).toHaveLength(before.length + 1);
  });

  test("revision without -m writes <rev>_empty_message.ts with an empty message", () => {
    const result = retort("revision");
    expect(result.status, result.stderr).toBe(0);
    const file = migrations().find((name) => name.endsWith("_empty_message.ts"));
    expect(file).toBeDefined();
    expect(readFileSync(path.join(project.dir, "migrations", file!), "utf8")).toMatch(
      /^export const revision/m,
    );
  });
});
