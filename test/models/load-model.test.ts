/**
 * Where the entities come from: globs of .ts/.js files, or a module exporting a DataSource (default,
 * named, or its only DataSource export), with --entities replacing the DataSource's list while its
 * other options (naming strategy, uuidExtension) still apply. No database is needed for this part.
 */
import { afterAll, describe, expect, test } from "vitest";
import { loadModel } from "../../src/models/load-model.js";
import { metadataToIr } from "../../src/models/metadata-to-ir.js";
import { createProject } from "../support/project.js";

const project = createProject("datasource-app");
afterAll(() => project.remove());

async function modelOf(source: { entities?: string[]; dataSource?: string }) {
  return metadataToIr(await loadModel({ cwd: project.dir, ...source }));
}

describe("loading the model", () => {
  test("a named DataSource export among other exports, with its naming strategy and uuidExtension", async () => {
    const model = await modelOf({ dataSource: "src/data-source.ts" });
    expect(model.tables.map((t) => t.name)).toEqual(["post"]);
    expect(model.tables[0]!.primaryKey).toEqual({ kind: "primaryKey", name: "pk_post", columns: ["id"] });
    expect(model.tables[0]!.columns[0]).toMatchObject({ name: "id", default: "gen_random_uuid()" });
    expect(model.extensions).toEqual([]); // pgcrypto's generator is built into PostgreSQL 13+
  });

  test("a default-exported DataSource", async () => {
    const model = await modelOf({ dataSource: "src/default-data-source.ts" });
    expect(model.tables.map((t) => t.name)).toEqual(["tag"]);
  });

  test("--entities replaces the DataSource's entities; the naming strategy still applies", async () => {
    const model = await modelOf({ dataSource: "src/data-source.ts", entities: ["src/entity/Tag.ts"] });
    expect(model.tables.map((t) => t.name)).toEqual(["tag"]);
    expect(model.tables[0]!.primaryKey?.name).toBe("pk_tag");
  });

  test("entity globs, TypeScript with decorator metadata (`@Column() title!: string`)", async () => {
    const model = await modelOf({ entities: ["src/entity/*.ts"] });
    expect(model.tables.map((t) => t.name)).toEqual(["post", "tag"]);
    const title = model.tables[0]!.columns.find((c) => c.name === "title");
    expect(title).toMatchObject({ type: "character varying", nullable: false });
    expect(model.extensions).toEqual([{ kind: "extension", name: "uuid-ossp" }]);
  });

  test("compiled JavaScript entities by glob", async () => {
    const model = await modelOf({ entities: ["src/entity-js/*.js"] });
    expect(model.tables[0]).toMatchObject({
      name: "notes",
      columns: [
        { name: "id", serial: true },
        { name: "body", type: "text" },
      ],
    });
  });

  test.each([
    [{ dataSource: "src/two-data-sources.ts" }, /exports 2 DataSources; export the one to use as default/],
    [{ dataSource: "src/naming.ts" }, /does not export a TypeORM DataSource/],
    [{ entities: ["src/nothing/*.ts"] }, /No entity files match 'src\/nothing\/\*\.ts'/],
    [{ entities: ["src/broken/*.ts"] }, /Syntax error in .*Broken\.ts:6:\d+: Expression expected/],
    [{}, /No entities configured/],
  ])("bad input: %j", async (source, message) => {
    await expect(loadModel({ cwd: project.dir, ...source })).rejects.toThrow(message);
  });

  test("an entity file with a syntax error: one FAILED line through the CLI, exit 1, no stack", () => {
    const result = project.run([
      "--entities",
      "src/broken/*.ts",
      "--url",
      "postgresql://postgres@127.0.0.1:1/x",
      "check",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^FAILED: Syntax error in .*Broken\.ts:6:\d+: Expression expected/);
  });
});
