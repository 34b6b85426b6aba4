/**
 * The code cache (src/loader/code-cache.ts): V8's compiled code for the modules a model load runs,
 * kept between runs. What it must never do is run code compiled from another text than the file's
 * now, nor fail a run because its file is damaged; what it must do is spare the next run the compiles.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { CodeCache } from "../../src/loader/code-cache.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createConfiguredProject } from "../support/project.js";

const scratch = mkdtempSync(path.join(tmpdir(), "retort-code-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The pack files of the cache in `dir`, oldest first. */
const packsIn = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith(".bin"))
    .sort()
    .map((name) => path.join(dir, name));

/** Every pack in `dir` with each byte of its data (not its index) flipped. */
function damageAll(dir: string): void {
  for (const file of packsIn(dir)) {
    const bytes = readFileSync(file);
    for (let i = 4 + bytes.readUInt32LE(0); i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(file, bytes);
  }
}

/** Runs `code` as a fresh CommonJS module named `filename` through `cache`; its exports. */
function runModule(cache: CodeCache, code: string, filename: string): Record<string, unknown> {
  const module = new Module(filename) as Module & {
    require(id: string): unknown;
    _compile(code: string, filename: string): unknown;
  };
  module.filename = filename;
  cache.run(module, code, filename);
  return module.exports as Record<string, unknown>;
}

test("a module is compiled from its kept data the next run; a changed text of the same length afresh", () => {
  const file = path.join(scratch, "same-length");
  const filename = path.join(scratch, "entity.js");
  const before = "exports.length = 120; exports.twice = () => exports.length * 2;";
  const after = "exports.length = 121; exports.twice = () => exports.length * 2;";
  expect(after.length).toBe(before.length);

  const first = new CodeCache(file);
  expect(runModule(first, before, filename).length).toBe(120);
  expect(first.misses).toBe(1);
  first.flush();

  const second = new CodeCache(file);
  const exports = runModule(second, before, filename);
  expect(second.misses).toBe(0);
  expect((exports.twice as () => number)()).toBe(240);
  // V8 would take the first text's data for the second (it compares lengths only): the cache must not.
  expect(runModule(second, after, filename).length).toBe(121);
  expect(second.misses).toBe(1);
});

test("a module with a dynamic import() is Node's to compile: from cached data it could not import", async () => {
  const file = path.join(scratch, "dynamic-import");
  const filename = path.join(scratch, "imports.js");
  const code = 'exports.load = () => import("node:path").then((m) => typeof m.join);';
  for (const run of [1, 2]) {
    const cache = new CodeCache(file);
    const exports = runModule(cache, code, filename);
    expect(await (exports.load as () => Promise<string>)(), `run ${run}`).toBe("function");
    expect(cache.misses).toBe(0);
    cache.flush();
  }
  expect(existsSync(file)).toBe(false);
});

test("a damaged or foreign file costs a compile, never a wrong module or a crash, and is written anew", () => {
  const file = path.join(scratch, "damaged");
  const filename = path.join(scratch, "module.js");
  const code = "exports.answer = [1, 2, 3].map((n) => n * 14)[2];";
  const writer = new CodeCache(file);
  runModule(writer, code, filename);
  writer.flush();

  // Every byte of the data flipped (the index before it left as it was): the checksum refuses it.
  damageAll(file);
  const afterDamage = new CodeCache(file);
  expect(runModule(afterDamage, code, filename).answer).toBe(42);
  expect(afterDamage.misses).toBe(1);
  afterDamage.flush();
  const repaired = new CodeCache(file);
  runModule(repaired, code, filename);
  expect(repaired.misses).toBe(0);

  // A damaged entry the run did not use is written back as damaged by a merge, not vouched for anew.
  const other = path.join(scratch, "other.js");
  const otherCode = "exports.other = 'unused next run';";
  const both = new CodeCache(file);
  runModule(both, code, filename);
  runModule(both, otherCode, other);
  both.flush();
  damageAll(file);
  // Enough runs that compile something for the packs to be merged at least once.
  for (let i = 0; i < 10; i++) {
    const usesOne = new CodeCache(file);
    runModule(usesOne, code, filename);
    runModule(usesOne, `exports.run = ${i};`, path.join(scratch, `run-${i}.js`));
    usesOne.flush();
  }
  expect(packsIn(file).length).toBeLessThan(10);
  const usesOther = new CodeCache(file);
  expect(runModule(usesOther, otherCode, other).other).toBe("unused next run");
  expect(usesOther.misses).toBe(1);

  for (const garbage of [Buffer.from("not a cache"), Buffer.alloc(0), Buffer.from([255, 255, 255, 127, 1])]) {
    for (const pack of packsIn(file)) writeFileSync(pack, garbage);
    const reader = new CodeCache(file);
    expect(runModule(reader, code, filename).answer).toBe(42);
    expect(reader.misses).toBe(1);
  }
});

test("a run adds a pack of what it compiled; the merge drops a file's earlier text, keeps files not loaded", () => {
  const file = path.join(scratch, "superseded");
  const entity = path.join(scratch, "edited.js");
  const migration = path.join(scratch, "untouched.js");
  // What an earlier retort kept in one file beside the packs' folder goes with the first pack.
  writeFileSync(`${file}.bin`, "the single file of an earlier retort");
  const first = new CodeCache(file);
  runModule(first, "exports.version = 0;", entity);
  runModule(first, "exports.kept = true;", migration);
  first.flush();
  expect(existsSync(`${file}.bin`)).toBe(false);
  const [firstPack] = packsIn(file);
  const firstBytes = readFileSync(firstPack!);

  // Each edit of the entity is one run: a small pack of its own, the earlier packs as they were.
  for (let version = 1; version <= 7; version++) {
    const edit = new CodeCache(file);
    runModule(edit, `exports.version = ${version};`, entity);
    edit.flush();
    expect(edit.misses).toBe(1);
  }
  expect(packsIn(file).length).toBe(8);
  expect(readFileSync(firstPack!).equals(firstBytes)).toBe(true);
  const beforeMerge = new CodeCache(file);
  expect(runModule(beforeMerge, "exports.version = 3;", entity).version).toBe(3);
  expect(beforeMerge.misses).toBe(0);

  // The ninth pack would pass MAX_PACKS: one pack instead, without the entity's earlier texts.
  const merging = new CodeCache(file);
  runModule(merging, "exports.version = 8;", entity);
  merging.flush();
  expect(packsIn(file).length).toBe(1);

  const after = new CodeCache(file);
  expect(runModule(after, "exports.kept = true;", migration).kept).toBe(true);
  expect(after.misses).toBe(0);
  expect(runModule(after, "exports.version = 8;", entity).version).toBe(8);
  expect(after.misses).toBe(0);
  expect(runModule(after, "exports.version = 7;", entity).version).toBe(7);
  expect(after.misses).toBe(1);
});

test("modules compiled ahead in groups run as they would alone; an edit recompiles its own group only", () => {
  const file = path.join(scratch, "groups");
  const dir = path.join(scratch, "grouped");
  mkdirSync(dir, { recursive: true });
  const modules = Array.from({ length: 200 }, (_, i) => ({
    filename: path.join(dir, `entity-${i}.js`),
    code: `"use strict";\nexports.index = ${i};\nexports.file = __filename;\nexports.strict = (function () { return this === undefined; })();`,
  }));
  /** Precompiles `list` into a new cache of `file`, then runs each module through it; their exports. */
  const load = (list: typeof modules) => {
    const cache = new CodeCache(file);
    cache.precompile(list);
    const exports = list.map(({ filename, code }) => runModule(cache, code, filename));
    cache.flush();
    return { cache, exports };
  };

  const first = load(modules);
  expect(first.cache.misses).toBe(200);
  // Compiled in a group, not alone: the script an error's stack names is the group's.
  const withStacks = modules.map((m) => ({ ...m, code: `exports.stack = new Error().stack;\n${m.code}` }));
  const stacks = new CodeCache(file);
  stacks.precompile(withStacks);
  expect(runModule(stacks, withStacks[1]!.code, withStacks[1]!.filename).stack).toContain(
    "[retort: modules, group",
  );
  // A text other than the one compiled ahead is compiled alone, under its own name.
  const alone = runModule(stacks, `${withStacks[2]!.code}\n// edited`, withStacks[2]!.filename);
  expect(alone.stack).toContain(withStacks[2]!.filename);
  expect(alone.stack).not.toContain("[retort: modules, group");
  expect(first.exports).toEqual(
    modules.map(({ filename }, index) => ({ index, file: filename, strict: true })),
  );

  // The next run deserialises every group; nothing is compiled from text.
  const second = load(modules);
  expect(second.cache.misses).toBe(0);
  expect(second.exports.map((exported) => exported.index)).toEqual(modules.map((_, i) => i));

  // One file edited: only its group (about 32 of the 200) misses, and the edit is what runs.
  const edited = modules.map((module, i) =>
    i === 57
      ? { ...module, code: module.code.replace("exports.index = 57", "exports.index = 5700") }
      : module,
  );
  const third = load(edited);
  expect(third.cache.misses).toBeGreaterThan(0);
  expect(third.cache.misses).toBeLessThan(64);
  expect(third.exports[57]!.index).toBe(5700);
  expect(third.exports[58]!.index).toBe(58);

  // A module whose text is not what was precompiled (changed in between) is compiled from its own text.
  const cache = new CodeCache(file);
  cache.precompile(edited);
  expect(runModule(cache, "exports.index = -1;", edited[3]!.filename).index).toBe(-1);

  // A syntax error in one file: its group is left to the file-by-file path, where the error is its own.
  const broken = edited.map((module, i) => (i === 9 ? { ...module, code: "exports.x = ;" } : module));
  const withError = new CodeCache(file);
  withError.precompile(broken);
  expect(() => runModule(withError, broken[9]!.code, broken[9]!.filename)).toThrow(SyntaxError);
  expect(runModule(withError, broken[10]!.code, broken[10]!.filename).index).toBe(10);
});

test("a module's require, require.resolve and __dirname are its own, as under Node's loader", () => {
  const dir = path.join(scratch, "requires");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "helper.js"), "exports.name = 'helper';");
  const filename = path.join(dir, "main.js");
  const code = [
    "const helper = require('./helper');",
    "exports.helper = helper.name;",
    "exports.resolved = require.resolve('./helper');",
    "exports.dirname = __dirname;",
    "exports.self = module.filename;",
    "exports.cached = require.cache[require.resolve('./helper')] !== undefined;",
  ].join("\n");
  const exports = runModule(new CodeCache(path.join(scratch, "requires")), code, filename);
  expect(exports).toEqual({
    helper: "helper",
    resolved: path.join(dir, "helper.js"),
    dirname: dir,
    self: filename,
    cached: true,
  });
});

describeWithDatabase("the code cache of a project", () => {
  const db = useDatabase("retort_code_cache");
  // A database of its own for the DataSource test: the first test leaves its migrations applied.
  const dataSourceDb = useDatabase("retort_code_cache_ds");

  /** A project with node_modules of its own (typeorm linked in), so that its cache is its own too. */
  function projectWithOwnModules() {
    const project = createConfiguredProject("users-app");
    const modules = path.join(project.dir, "node_modules");
    rmSync(modules);
    mkdirSync(modules);
    const repoModules = path.resolve(import.meta.dirname, "../../node_modules");
    for (const name of ["typeorm", "reflect-metadata"])
      symlinkSync(path.join(repoModules, name), path.join(modules, name));
    return project;
  }
  const cacheDir = (dir: string) =>
    path.join(dir, "node_modules/.cache/retort", `code-${process.version}-${process.arch}`);
  // The model cache off: every run loads TypeORM and the entities.
  const env = (url: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: url,
    RETORT_CACHE: "0",
    RETORT_CODE_CACHE: "1",
    ...extra,
  });

  test("the second load compiles nothing afresh (the file stays as it was); an edit of the same length is seen", () => {
    const project = projectWithOwnModules();
    try {
      const url = db().url;
      expect(project.run(["revision", "--autogenerate", "-m", "users"], env(url)).status).toBe(0);
      expect(project.run(["upgrade", "head"], env(url)).status).toBe(0);
      const packs = packsIn(cacheDir(project.dir));
      const written = packs.map((pack) => [pack, statSync(pack).mtimeMs, statSync(pack).size]);
      // TypeORM's own modules are in it, not only the entity.
      expect(written.reduce((sum, [, , size]) => sum + Number(size), 0)).toBeGreaterThan(200_000);

      const steady = project.run(["check"], env(url));
      expect(steady.stdout).toContain("No new upgrade operations detected.");
      const after = packsIn(cacheDir(project.dir));
      expect(after.map((pack) => [pack, statSync(pack).mtimeMs, statSync(pack).size])).toEqual(written);

      const entity = path.join(project.dir, "src/entity/User.ts");
      const text = readFileSync(entity, "utf8");
      const edited = text.replace("length: 50", "length: 60");
      expect(edited.length).toBe(text.length);
      writeFileSync(entity, edited);
      const changed = project.run(["check"], env(url));
      expect(changed.status).toBe(1);
      expect(`${changed.stdout}${changed.stderr}`).toContain("character varying(60)");
    } finally {
      project.remove();
    }
  });

  test("a DataSource that imports its entities: after an edit, the last load's modules are compiled in groups", () => {
    const project = projectWithOwnModules();
    try {
      const url = dataSourceDb().url;
      writeFileSync(
        path.join(project.dir, "src/entity/Post.ts"),
        [
          'import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";',
          '@Entity("posts")',
          "export class Post {",
          "  @PrimaryGeneratedColumn() id!: number;",
          "  @Column() title!: string;",
          "}",
          "",
        ].join("\n"),
      );
      writeFileSync(
        path.join(project.dir, "src/data-source.ts"),
        [
          'import { DataSource } from "typeorm";',
          'import { Post } from "./entity/Post";',
          'import { User } from "./entity/User";',
          'export const AppDataSource = new DataSource({ type: "postgres", entities: [User, Post] });',
          "",
        ].join("\n"),
      );
      writeFileSync(
        path.join(project.dir, "retort.config.json"),
        JSON.stringify({ dataSource: "src/data-source.ts" }),
      );
      // The model cache on: its entry names the modules the load ran.
      const withModelCache = { DATABASE_URL: url, RETORT_CODE_CACHE: "1" };
      expect(project.run(["revision", "--autogenerate", "-m", "both"], withModelCache).status).toBe(0);
      expect(project.run(["upgrade", "head"], withModelCache).status).toBe(0);
      const groupsNamed = () =>
        packsIn(cacheDir(project.dir)).flatMap((pack) => {
          const bytes = readFileSync(pack);
          const index = JSON.parse(bytes.toString("utf8", 4, 4 + bytes.readUInt32LE(0))) as string[][];
          return index
            .map((entry) => entry[3]!)
            .filter((name) => name.startsWith("[retort: project modules"));
        });
      expect(groupsNamed()).toEqual([]);

      const entity = path.join(project.dir, "src/entity/Post.ts");
      writeFileSync(
        entity,
        readFileSync(entity, "utf8").replace(
          "title!: string;",
          "title!: string;\n  @Column() body!: string;",
        ),
      );
      const changed = project.run(["check"], withModelCache);
      expect(changed.status).toBe(1);
      expect(`${changed.stdout}${changed.stderr}`).toContain("body");
      expect(groupsNamed().length).toBeGreaterThan(0);
    } finally {
      project.remove();
    }
  });

  test("RETORT_CODE_CACHE=0 keeps no code", () => {
    const project = projectWithOwnModules();
    try {
      const run = project.run(["check"], env(db().url, { RETORT_CODE_CACHE: "0" }));
      expect(run.status).toBe(1);
      expect(() => statSync(cacheDir(project.dir))).toThrow();
    } finally {
      project.remove();
    }
  });
});
