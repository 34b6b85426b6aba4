/** Config resolution: which file, which value wins, and what relative paths are relative to. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
      versionTable: "retort_version",
      schemas: ["public"],
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
      versionTable: "retort_version",
      schemas: ["public", "app"],
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

  test("the first config file name wins", async () => {
    write("retort.config.ts", `export default { migrations: "from-ts" };\n`);
    write("retort.config.json", JSON.stringify({ migrations: "from-json" }));
    expect((await resolveConfig({}, dir, {})).migrationsDir).toBe(path.join(dir, "from-ts"));
  });

  test.for([
    ["a missing -c file", { config: "nope.ts" }, undefined, "Config file not found: "],
    ["a wrongly typed field", {}, `export default { migrations: 5 };\n`, "'migrations' must be a string"],
    ["bad JSON", {}, undefined, "Could not read "],
  ] as const)("%s is an error", async ([name, flags, ts, message]) => {
    if (ts) write("retort.config.ts", ts);
    if (name === "bad JSON") write("retort.config.json", "{ nope");
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
