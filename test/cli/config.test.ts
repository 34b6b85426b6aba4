/** Config resolution: which file, which value wins, and what relative paths are relative to. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { databaseTargetOf } from "../../src/config/database-target.js";
import { resolveConfig } from "../../src/config/load-config.js";

const defineConfigModule = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../src/config/define-config.ts",
);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "retort-config-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe("resolveConfig", () => {
  test("no config file: defaults, and $DATABASE_URL", async () => {
    const config = await resolveConfig({}, dir, { DATABASE_URL: "postgresql://env/db" });
    expect(config).toEqual({
      url: "postgresql://env/db",
      migrationsDir: path.join(dir, "migrations"),
      cwd: dir,
      versionTable: { schema: "public", table: "retort_version" },
      schemas: ["public"],
      filters: {},
      fileName: "{rev}_{slug}",
      retortDir: path.join(dir, ".retort"),
    });
  });

  test("retort.config.ts with defineConfig; its paths are relative to it", async () => {
    const file = write(
      "retort.config.ts",
      `import { defineConfig } from ${JSON.stringify(defineConfigModule)};\n` +
        `export default defineConfig({ url: "postgresql://file/db", entities: ["src/entity/*.ts", "!src/entity/skip.ts"], ` +
        `dataSource: "./src/data-source.ts", migrations: "db/migrations", schemas: ["public", "app"] });\n`,
    );
    const config = await resolveConfig({}, dir, { DATABASE_URL: "postgresql://env/db" });
    expect(config).toEqual({
      url: "postgresql://file/db",
      entities: [path.join(dir, "src/entity/*.ts"), `!${path.join(dir, "src/entity/skip.ts")}`],
      dataSource: path.join(dir, "src/data-source.ts"),
      migrationsDir: path.join(dir, "db/migrations"),
      cwd: dir,
      versionTable: { schema: "public", table: "retort_version" },
      schemas: ["public", "app"],
      filters: {},
      fileName: "{rev}_{slug}",
      configFile: file,
      retortDir: path.join(dir, ".retort"),
    });
  });

  test("flags win over the config file and are relative to the working directory", async () => {
    write(
      "conf/retort.config.json",
      JSON.stringify({ url: "postgresql://file/db", migrations: "m", entities: "e/*.ts" }),
    );
    const cwd = path.join(dir, "work");
    const config = await resolveConfig(
      {
        config: "../conf/retort.config.json",
        url: "postgresql://flag/db",
        entities: ["x/*.ts"],
        migrations: "mig",
      },
      cwd,
      {},
    );
    expect(config.url).toBe("postgresql://flag/db");
    expect(config.entities).toEqual([path.join(cwd, "x/*.ts")]);
    expect(config.migrationsDir).toBe(path.join(cwd, "mig"));
    expect(config.configFile).toBe(path.join(dir, "conf/retort.config.json"));
    // The embedded database lives with the project's config, wherever the command runs from.
    expect(config.retortDir).toBe(path.join(dir, "conf/.retort"));
  });

  test("a config module exporting its fields by name (CommonJS)", async () => {
    write("retort.config.cjs", `module.exports = { migrations: "cjs-migrations" };\n`);
    expect((await resolveConfig({}, dir, {})).migrationsDir).toBe(path.join(dir, "cjs-migrations"));
  });

  test("an ES module config (.mjs) exporting default", async () => {
    write("retort.config.mjs", `export default { migrations: "mjs-migrations", schemas: ["app"] };\n`);
    const config = await resolveConfig({}, dir, {});
    expect(config.migrationsDir).toBe(path.join(dir, "mjs-migrations"));
    expect(config.schemas).toEqual(["app"]);
  });

  test("a JSON config, with every option JSON can say", async () => {
    write(
      "retort.config.json",
      JSON.stringify({
        migrations: "json-migrations",
        includeTables: ["app_*"],
        excludeTables: ["audit.*"],
        excludeSchemas: ["legacy"],
        versionTable: "versions",
        versionTableSchema: "meta",
        fileName: "{year}{month}{day}_{rev}_{slug}",
        template: "migration.template",
      }),
    );
    write(
      "migration.template",
      "// generated\n{{header}}\n{{imports}}\n{{exports}}\n{{upgrade}}\n{{downgrade}}\n",
    );
    const config = await resolveConfig({}, dir, {});
    expect(config.migrationsDir).toBe(path.join(dir, "json-migrations"));
    expect(config.filters).toEqual({
      includeTables: ["app_*"],
      excludeTables: ["audit.*"],
      excludeSchemas: ["legacy"],
    });
    expect(config.versionTable).toEqual({ schema: "meta", table: "versions" });
    expect(config.fileName).toBe("{year}{month}{day}_{rev}_{slug}");
    expect(typeof config.template).toBe("function");
  });

  test("a TypeScript config with a predicate and a template function (types checked by defineConfig)", async () => {
    write(
      "retort.config.ts",
      `import { defineConfig } from ${JSON.stringify(defineConfigModule)};\n` +
        "export default defineConfig({\n" +
        '  includeObject: (name: string, kind: string) => !(kind === "table" && name.startsWith("tmp_")),\n' +
        '  template: (parts) => "// custom\\n" + parts.exports + "\\n",\n' +
        "});\n",
    );
    const config = await resolveConfig({}, dir, {});
    expect(config.filters.includeObject?.("tmp_x", "table", "public")).toBe(false);
    expect(config.filters.includeObject?.("users", "table", "public")).toBe(true);
    expect(config.template?.({ exports: "export const revision = 1;" } as never)).toBe(
      "// custom\nexport const revision = 1;\n",
    );
  });

  test("--version-table beats the config, with or without a schema", async () => {
    write("retort.config.json", JSON.stringify({ versionTable: "a", versionTableSchema: "b" }));
    expect((await resolveConfig({ versionTable: "audit.versions" }, dir, {})).versionTable).toEqual({
      schema: "audit",
      table: "versions",
    });
    expect((await resolveConfig({ versionTable: "versions" }, dir, {})).versionTable).toEqual({
      schema: "public",
      table: "versions",
    });
  });

  test("an inline config (the library API) is read instead of any file", async () => {
    write("retort.config.json", JSON.stringify({ migrations: "from-file" }));
    const config = await resolveConfig({}, dir, {}, { migrations: "inline", url: "postgresql://inline/db" });
    expect(config.migrationsDir).toBe(path.join(dir, "inline"));
    expect(config.url).toBe("postgresql://inline/db");
    expect(config.configFile).toBeUndefined();
  });

  test("the first config file name wins", async () => {
    write("retort.config.ts", `export default { migrations: "from-ts" };\n`);
    write("retort.config.json", JSON.stringify({ migrations: "from-json" }));
    expect((await resolveConfig({}, dir, {})).migrationsDir).toBe(path.join(dir, "from-ts"));
  });

  test.for([
    ["a missing -c file", { config: "nope.ts" }, undefined, "Config file not found: "],
    ["a wrongly typed field", {}, `export default { migrations: 5 };\n`, "'migrations' must be a string"],
    ["bad JSON", {}, undefined, "Could not read "],
    [
      "an unknown fileName token",
      {},
      `export default { fileName: "{rev}_{nope}" };\n`,
      "Unknown token {nope}",
    ],
    [
      "a fileName with a slash",
      {},
      `export default { fileName: "a/{rev}" };\n`,
      "must give a plain file name",
    ],
    [
      "a filter that is not a list",
      {},
      `export default { excludeTables: "x" };\n`,
      "'excludeTables' must be a list",
    ],
    [
      "a missing template file",
      {},
      `export default { template: "nope.txt" };\n`,
      "Could not read the template",
    ],
    ["an unknown template placeholder", {}, undefined, "Unknown placeholder {{body}}"],
  ] as const)("%s is an error", async ([name, flags, ts, message]) => {
    if (ts) write("retort.config.ts", ts);
    if (name === "bad JSON") write("retort.config.json", "{ nope");
    if (name === "an unknown template placeholder") {
      write("retort.config.json", JSON.stringify({ template: "t.txt" }));
      write("t.txt", "{{body}}");
    }
    await expect(resolveConfig(flags, dir, {})).rejects.toThrow(message);
  });
});

test("the database: the URL when one is configured, else the embedded one next to the config", () => {
  expect(databaseTargetOf({ url: "postgresql://x/y", retortDir: "/p/.retort" })).toEqual({
    kind: "server",
    url: "postgresql://x/y",
  });
  expect(databaseTargetOf({ retortDir: "/p/.retort" })).toEqual({
    kind: "embedded",
    retortDir: "/p/.retort",
    dataDir: "/p/.retort/pgdata",
  });
  expect(() => databaseTargetOf({ url: "not a url", retortDir: "/p/.retort" })).toThrow(
    "Invalid database URL 'not a url': expected postgresql://user:password@host:port/database",
  );
});

test("table globs: a bare glob names tables in any schema, a dotted one schema.table", async () => {
  const { filterSchema } = await import("../../src/config/object-filter.js");
  const table = (schema: string, name: string) => ({ schema, name }) as never;
  const schema = {
    namespaces: ["audit", "legacy"],
    extensions: [],
    enums: [{ schema: "legacy", name: "mood" } as never],
    sequences: [],
    tables: [
      table("public", "users"),
      table("public", "tmp_x"),
      table("audit", "log"),
      table("legacy", "old"),
    ],
    views: [],
  };
  const filtered = filterSchema(schema, {
    excludeTables: ["tmp_*", "audit.*"],
    excludeSchemas: ["leg*"],
  });
  expect(filtered.tables).toEqual([table("public", "users")]);
  expect(filtered.enums).toEqual([]);
  expect(filtered.namespaces).toEqual(["audit"]);
  expect(filterSchema(schema, { includeTables: ["audit.l?g"] }).tables).toEqual([table("audit", "log")]);
});

test("retort init: the config works as written, and so does every option it shows commented out", async () => {
  const { init } = await import("../../src/commands/init.js");
  const dir = mkdtempSync(path.join(tmpdir(), "retort-init-"));
  try {
    const { configFile } = await init({ cwd: dir });
    const asWritten = await resolveConfig({}, dir, {});
    expect(asWritten.configFile).toBe(configFile);
    expect(asWritten.migrationsDir).toBe(path.join(dir, "migrations"));
    // Uncomment each `// name: value,` line (but not the prose), as a user trying the options would.
    const text = readFileSync(configFile, "utf8")
      .replace(/^ {2}\/\/ (\w+: .*,)$/gm, "  $1")
      .replace(/^ {2}url: .*\n/m, "")
      .replace(/^ {2}dataSource: .*\n/m, "")
      .replace('import type { RetortConfig } from "retort";', "type RetortConfig = Record<string, unknown>;");
    // Another directory: this process has already imported (and cached) the first file.
    mkdirSync(path.join(dir, "uncommented"));
    writeFileSync(path.join(dir, "uncommented/retort.config.ts"), text);
    const everything = await resolveConfig({}, path.join(dir, "uncommented"), {});
    expect(everything.filters.excludeTables).toEqual(["legacy_*", "audit.*"]);
    expect(everything.filters.includeObject?.("tmp_x", "table", "public")).toBe(false);
    expect(everything.versionTable).toEqual({ schema: "public", table: "retort_version" });
    expect(
      everything.template?.({
        header: "H",
        imports: "I",
        exports: "E",
        upgrade: "U",
        downgrade: "D",
      } as never),
    ).toBe("// Reviewed by:\nH\nI\n\nE\n\nU\n\nD\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
