/**
 * `check` remembers the comparisons it found in sync (src/commands/in-sync-memo.ts) and answers the
 * same comparison again without decoding the catalog or diffing. "In sync" is the one answer check may
 * never get wrong: every input of the verdict must change the key. Each test changes one input after
 * the memo holds the old verdict and checks the new one is the differ's.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RetortConfig } from "../../src/config/define-config.js";
import { autogenerate, check, upgrade } from "../../src/index.js";
import { recordedSpans } from "../../src/timings.js";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import { createConfiguredProject, type Project } from "../support/project.js";

const POST = `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("posts")
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Column() title!: string;
}
`;

describeWithDatabase("check's memory of comparisons found in sync", () => {
  const db = useDatabase("retort_check_memo");
  let project: Project;
  const options = (config: RetortConfig = {}) => ({
    cwd: project.dir,
    url: db().url,
    config: { entities: ["src/entity/*.ts"], ...config },
  });
  const answeredFromMemo = () =>
    recordedSpans().filter((span) => span.phase.startsWith("in sync, as the last check")).length;
  /** One check: its verdict, and whether the memo gave it. */
  const checked = async (config?: RetortConfig) => {
    const before = answeredFromMemo();
    const report = await check(options(config));
    return { upToDate: report.upToDate, remembered: answeredFromMemo() > before };
  };
  const entity = () => path.join(project.dir, "src/entity/User.ts");

  beforeAll(async () => {
    project = createConfiguredProject("users-app");
    mkdirSync(path.join(project.dir, "src/more"));
    writeFileSync(path.join(project.dir, "src/more/Post.ts"), POST);
    await autogenerate({ ...options(), message: "users" });
    await upgrade("head", options());
  });
  afterAll(() => project?.remove());

  test("an unchanged project and database: the second check is answered from the memo", async () => {
    expect(await checked()).toEqual({ upToDate: true, remembered: false });
    expect(await checked()).toEqual({ upToDate: true, remembered: true });
    expect(readFileSync(path.join(project.dir, ".retort/cache/in-sync"), "utf8")).toMatch(
      /^[0-9a-f]{64} [0-9a-f]{64}\n$/,
    );
  });

  test("a change in the database after it (a default, an index, a type) is found", async () => {
    await checked();
    for (const [change, undo] of [
      [
        "ALTER TABLE users ALTER COLUMN bio SET DEFAULT 'x'",
        "ALTER TABLE users ALTER COLUMN bio SET DEFAULT ''",
      ],
      ["CREATE INDEX users_age ON users (age)", "DROP INDEX users_age"],
      [
        "ALTER TABLE users ALTER COLUMN name TYPE character varying(60)",
        "ALTER TABLE users ALTER COLUMN name TYPE character varying(50)",
      ],
    ] as const) {
      await query(db().url, change);
      try {
        expect(await checked(), change).toEqual({ upToDate: false, remembered: false });
      } finally {
        await query(db().url, undo);
      }
      expect((await checked()).upToDate).toBe(true);
    }
  });

  test("a changed entity is found", async () => {
    await checked();
    const text = readFileSync(entity(), "utf8");
    writeFileSync(entity(), text.replace("@Column({ length: 50 })", "@Column({ length: 51 })"));
    try {
      expect(await checked()).toEqual({ upToDate: false, remembered: false });
    } finally {
      writeFileSync(entity(), text);
    }
    expect((await checked()).upToDate).toBe(true);
  });

  test("another model of the same project (its own cache entry, also unchanged) is not answered by the first's verdict", async () => {
    const withPosts: RetortConfig = { entities: ["src/entity/*.ts", "src/more/*.ts"] };
    expect((await checked()).upToDate).toBe(true);
    expect(await checked(withPosts)).toEqual({ upToDate: false, remembered: false });
    expect((await checked()).remembered).toBe(true);
    // Both models now come from their cache entries: the second is still diffed.
    expect(await checked(withPosts)).toEqual({ upToDate: false, remembered: false });
  });

  test("other filters: the verdict under them is not the one without", async () => {
    await query(db().url, "CREATE TABLE legacy (id integer)");
    try {
      expect(await checked({ excludeTables: ["legacy"] })).toEqual({ upToDate: true, remembered: false });
      expect(await checked({ excludeTables: ["legacy"] })).toEqual({ upToDate: true, remembered: true });
      expect(await checked()).toEqual({ upToDate: false, remembered: false });
    } finally {
      await query(db().url, "DROP TABLE legacy");
    }
  });

  test("what the key cannot hold turns it off: an includeObject function, no model cache", async () => {
    const includeObject = () => true;
    expect(await checked({ includeObject })).toEqual({ upToDate: true, remembered: false });
    expect(await checked({ includeObject })).toEqual({ upToDate: true, remembered: false });
    process.env.RETORT_CACHE = "0";
    try {
      expect(await checked()).toEqual({ upToDate: true, remembered: false });
    } finally {
      delete process.env.RETORT_CACHE;
    }
  });
});
