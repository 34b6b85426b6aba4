/**
 * `--rename` and `--rename-table` that match nothing are refused with one line naming what exists
 * (issue 17, item 2): ignored, a typo would fall through to a drop and an add and lose the values.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createConfiguredProject, type Project } from "../support/project.js";

describeWithDatabase("rename flags that match nothing", () => {
  const db = useDatabase("retort_rename_flags");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });
  const migrations = () => readdirSync(path.join(project.dir, "migrations"));

  beforeAll(() => {
    project = createConfiguredProject("users-app");
    expect(retort("revision", "--autogenerate", "-m", "users").status).toBe(0);
    expect(retort("upgrade", "head").status).toBe(0);
    // The model renames users.name to users.fullName.
    const entity = path.join(project.dir, "src/entity/User.ts");
    writeFileSync(entity, readFileSync(entity, "utf8").replace("name!: string", "fullName!: string"));
  });
  afterAll(() => project?.remove());

  test.each([
    [["--rename", "users.nope=users.fullName"], "no column users.nope; users has: id, name, age, bio"],
    [
      ["--rename", "users.name=users.fulName"],
      "no column users.fulName in the models; users has: id, fullName, age, bio",
    ],
    [["--rename", "user.name=user.fullName"], "no table user in the database; tables: users"],
    [["--rename-table", "users=people"], "no table people in the models; tables: users"],
    [
      ["--rename", "users.age=users.fullName"],
      "column users.age is still in the models; nothing was renamed",
    ],
  ])("%j: one line naming what exists, exit 1, no file", (flags, message) => {
    const before = migrations();
    const result = retort("revision", "--autogenerate", "-m", "rename", ...flags);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`FAILED: Cannot apply --rename: ${message}\n`);
    expect(migrations()).toEqual(before);
  });

  test("check refuses the same way (CI runs it with the flags the revision used)", () => {
    const result = retort("check", "--rename", "users.nope=users.fullName");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Cannot apply --rename: no column users.nope");
  });

  test("the right flag still renames", () => {
    const result = retort(
      "revision",
      "--autogenerate",
      "-m",
      "rename",
      "--rename",
      "users.name=users.fullName",
    );
    expect(result.status, result.stderr).toBe(0);
  });
});
