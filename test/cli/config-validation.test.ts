/**
 * A config that does not fit is one FAILED line naming the file, the key and what it should be (the
 * nearest setting for a misspelled key), exit status 1, through the built CLI. `history` reads the
 * config and needs no database.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { nearestName } from "../../src/config/nearest-name.js";
import { createProject, type Project } from "../support/project.js";

describe("the config is validated", () => {
  let project: Project;
  beforeAll(() => {
    project = createProject();
    mkdirSync(path.join(project.dir, "migrations"));
  });
  afterAll(() => project?.remove());

  /** `history` with the config `name` holding `text`: the result, and the file's absolute path. */
  function withConfig(name: string, text: string) {
    const file = path.join(project.dir, name);
    writeFileSync(file, text);
    return { file, result: project.run(["-c", name, "history"]) };
  }

  test.for([
    ["a misspelled key", "entitiez.ts", `export default { entitiez: ["src/entity/*.ts"] };\n`],
    ["a misspelled key in JSON", "entitiez.json", JSON.stringify({ entitiez: ["src/entity/*.ts"] })],
  ])("%s names the key and the setting it is nearest to", ([, name, text]) => {
    const { file, result } = withConfig(name!, text!);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `FAILED: Invalid config in ${file}: unknown key 'entitiez' (did you mean 'entities'?)\n`,
    );
  });

  test.for([
    ["version_table", "versionTable"],
    ["datasource", "dataSource"],
    ["migration", "migrations"],
    ["migrationsDir", "migrations"],
    ["entity", "entities"],
    ["exludeTables", "excludeTables"],
    ["schema", "schemas"],
  ])("'%s' is taken for '%s'", ([typed, meant]) => {
    expect(
      nearestName(typed!, [
        "url",
        "entities",
        "dataSource",
        "migrations",
        "schemas",
        "versionTable",
        "excludeTables",
      ]),
    ).toBe(meant);
  });

  test("a key near no setting lists the settings", () => {
    const { file, result } = withConfig("foo.ts", "export default { foo: 1 };\n");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `FAILED: Invalid config in ${file}: unknown key 'foo' (the settings are url, entities, dataSource, ` +
        "tsconfig, migrations, schemas, includeTables, excludeTables, excludeSchemas, includeObject, " +
        "versionTable, versionTableSchema, template, fileName, tenants, tenantReference)\n",
    );
  });

  test.for([
    ["url", "5", "'url' must be a string"],
    ["entities", "[1]", "'entities' must be a string or a list of strings"],
    ["schemas", '"public"', "'schemas' must be a list of strings"],
    ["excludeTables", '["a", 2]', "'excludeTables' must be a list of strings"],
    ["includeObject", "true", "'includeObject' must be a function (name, kind, schema) => boolean"],
    ["template", "{}", "'template' must be a file path or a function of the rendered parts"],
    ["fileName", "null", "'fileName' must be a string"],
  ])("a wrong type for %s: %s", ([key, value, message]) => {
    const { file, result } = withConfig(`wrong-${key}.ts`, `export default { ${key}: ${value} };\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`FAILED: Invalid config in ${file}: ${message}\n`);
  });

  test("every problem at once, on one line", () => {
    const { file, result } = withConfig(
      "several.ts",
      `export default { entitiez: [], migrations: 42, datasource: "x" };\n`,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `FAILED: Invalid config in ${file}: 'migrations' must be a string; ` +
        "unknown key 'entitiez' (did you mean 'entities'?); unknown key 'datasource' (did you mean 'dataSource'?)\n",
    );
  });

  test("not an object", () => {
    const { file, result } = withConfig("list.json", "[]");
    expect(result.stderr).toBe(
      `FAILED: Invalid config in ${file}: expected an object (export default defineConfig({ ... }))\n`,
    );
  });

  test("every setting, and a setting left undefined, is accepted; fields exported by name too", () => {
    writeFileSync(
      path.join(project.dir, "t.template"),
      "{{header}}\n{{imports}}\n{{upgrade}}\n{{downgrade}}\n",
    );
    const all = withConfig(
      "all.ts",
      `export default {
        url: undefined, entities: "src/*.ts", dataSource: "./ds.ts", tsconfig: undefined, migrations: "./migrations",
        schemas: ["public"], includeTables: ["*"], excludeTables: [], excludeSchemas: [],
        includeObject: () => true, versionTable: "v", versionTableSchema: "public",
        template: "./t.template", fileName: "{rev}_{slug}",
      };\n`,
    );
    expect(all.result.stderr).toBe("");
    expect(all.result.status).toBe(0);
    const named = withConfig("named.ts", `export const migrations = "./migrations";\n`);
    expect(named.result.stderr).toBe("");
    expect(named.result.status).toBe(0);
  });
});
