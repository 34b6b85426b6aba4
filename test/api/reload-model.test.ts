/**
 * The library in a long-lived process: a second `autogenerate` (or `check`) after an entity file was
 * edited sees the edit, and an unchanged project gives the same answer as before. Node's module cache
 * returns modules by path, so without the loader dropping changed project modules the second call
 * would compare the first call's classes. The model cache is off, so that each call loads the entities.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { autogenerate, check, upgrade } from "retort";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createConfiguredProject, type Project } from "../support/project.js";

describeWithDatabase("the model loaded twice in one process", () => {
  const db = useDatabase("retort_reload");
  let project: Project;
  let previousCache: string | undefined;
  const options = () => ({ cwd: project.dir, url: db().url });
  const entityFile = () => path.join(project.dir, "src/entity/User.ts");

  beforeAll(() => {
    previousCache = process.env.RETORT_CACHE;
    process.env.RETORT_CACHE = "0";
    project = createConfiguredProject("users-app");
  });
  afterAll(() => {
    if (previousCache === undefined) delete process.env.RETORT_CACHE;
    else process.env.RETORT_CACHE = previousCache;
    project?.remove();
  });

  test("autogenerate, upgrade, edit the entity, autogenerate again: the new column is found", async () => {
    const first = await autogenerate({ ...options(), message: "create users", revId: "b00000000001" });
    expect(first.operations.map((op) => op.kind)).toEqual(["createTable"]);
    await upgrade("head", options());
    expect((await check(options())).upToDate).toBe(true);

    writeFileSync(
      entityFile(),
      readFileSync(entityFile(), "utf8").replace(
        "  bio!: string;",
        '  bio!: string;\n\n  @Column({ type: "text", nullable: true })\n  avatar!: string | null;',
      ),
    );
    const second = await autogenerate({ ...options(), message: "add avatar", revId: "b00000000002" });
    expect(second.operations).toMatchObject([
      { kind: "addColumn", table: "users", column: { name: "avatar" } },
    ]);
    await upgrade("head", options());
    expect((await check(options())).upToDate).toBe(true);
  });
});
