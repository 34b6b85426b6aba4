/**
 * Applications shaped like real ones, run as their users would run retort: `init` finds the model
 * source, then autogenerate → upgrade → check → the catalog TypeORM's synchronize() builds → downgrade
 * base. Each fixture carries what used to stop retort before any of that: tsconfig `baseUrl`/`paths`
 * with an `extends` chain, a DataSource with string globs, circular imports compiled by two
 * transpilers, an ES module package with `.js` specifiers and `import.meta.url`, and a workspace
 * package whose entry point is TypeScript.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadModel } from "../../src/models/load-model.js";
import { catalog } from "../support/catalog.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

const repoModules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../node_modules");

interface App {
  readonly fixture: string;
  /** Where the app's package.json is, inside the fixture (a monorepo's app). */
  readonly appDir: string;
  /** What `init` must point the config at. */
  readonly dataSource: string;
  readonly tables: readonly string[];
  /** Links the fixture's node_modules would have after `npm install`, besides retort's own. */
  readonly workspaces?: Readonly<Record<string, string>>;
}

const apps: readonly App[] = [
  {
    fixture: "apps/nest-app",
    appDir: ".",
    dataSource: "src/database/data-source.ts",
    tables: ["account", "account_activation_token", "article", "users"],
  },
  {
    fixture: "apps/esm-app",
    appDir: ".",
    dataSource: "src/db/data-source.ts",
    tables: ["customer", "orders"],
  },
  {
    fixture: "apps/monorepo",
    appDir: "apps/api",
    dataSource: "src/data-source.ts",
    tables: ["audit_entry", "category", "product"],
    workspaces: { "@acme/db": "packages/db" },
  },
];

/** The fixture in a temp directory, with node_modules as npm would leave it (workspaces linked). */
function installApp(app: App): Project {
  const project = createProject(app.fixture);
  if (app.workspaces) {
    const modules = path.join(project.dir, "node_modules");
    rmSync(modules);
    mkdirSync(modules);
    for (const entry of readdirSync(repoModules))
      symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
    for (const [name, dir] of Object.entries(app.workspaces)) {
      mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
      symlinkSync(path.join(project.dir, dir), path.join(modules, name), "dir");
    }
  }
  return project;
}

for (const app of apps)
  describeWithDatabase(`a real-shaped application: ${app.fixture}`, () => {
    const synchronized = useDatabase("retort_app_sync");
    const migrated = useDatabase("retort_app_migrated");
    let project: Project;
    const appPath = () => path.join(project.dir, app.appDir);
    const run = (args: readonly string[]) =>
      project.runIn(app.appDir, args, { DATABASE_URL: migrated().url });

    beforeAll(() => {
      project = installApp(app);
    });
    afterAll(() => project?.remove());

    test("init → autogenerate → upgrade → check → synchronize()'s catalog → downgrade base", async () => {
      const init = run(["init"]);
      expect(init.status, init.stderr).toBe(0);
      expect(init.stdout).toContain(`Using the DataSource in ${app.dataSource}.`);
      expect(readFileSync(path.join(appPath(), "retort.config.ts"), "utf8")).toMatch(
        new RegExp(`^ {2}dataSource: "\\./${app.dataSource}",$`, "m"),
      );

      const generated = run(["revision", "--autogenerate", "-m", "init"]);
      expect(generated.status, generated.stderr).toBe(0);
      const upgraded = run(["upgrade", "head"]);
      expect(upgraded.status, upgraded.stderr).toBe(0);

      const built = await catalog(migrated().url);
      expect(built.tables.map((table) => table.name).sort()).toEqual(app.tables);
      const { dataSource, typeorm } = await loadModel({ dataSource: app.dataSource, cwd: appPath() });
      const sync = new typeorm.DataSource({
        ...dataSource.options,
        url: synchronized().url,
        synchronize: true,
        logging: false,
      }) as unknown as { initialize(): Promise<void>; destroy(): Promise<void> };
      await sync.initialize();
      await sync.destroy();
      expect(built).toEqual(await catalog(synchronized().url));

      const check = run(["check"]);
      expect(check.stdout, check.stderr).toContain("No new upgrade operations detected.");
      expect(check.status).toBe(0);

      const downgraded = run(["downgrade", "base"]);
      expect(downgraded.status, downgraded.stderr).toBe(0);
      const empty = await catalog(migrated().url);
      expect([...empty.tables, ...empty.enums, ...empty.views]).toEqual([]);
    });
  });

describe("loading a NestJS application's models", () => {
  let project: Project;
  const nest = apps[0]!;
  // No database: each case stops before connecting, or runs `revision --autogenerate` on an
  // unreachable URL only after the models loaded (the error then names the connection).
  const offline = { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" };

  beforeAll(() => {
    project = installApp(nest);
    mkdirSync(path.join(project.dir, "migrations"));
  });
  afterAll(() => project?.remove());

  test("--data-source beats the entities globs of the config init would have written", () => {
    writeFileSync(
      path.join(project.dir, "retort.config.json"),
      JSON.stringify({ entities: ["src/entity/**/*.ts", "src/entities/**/*.ts"] }),
    );
    try {
      const withConfig = project.run(["check"], offline);
      expect(withConfig.stderr).toContain("No entity files match");
      const withFlag = project.run(["--data-source", nest.dataSource, "check"], offline);
      expect(withFlag.stderr).not.toContain("No entity files match");
      expect(withFlag.stderr).toContain("Could not connect");
    } finally {
      rmSync(path.join(project.dir, "retort.config.json"));
    }
  });

  test("--tsconfig names the tsconfig whose paths apply when it is not the nearest one", () => {
    renameSync(path.join(project.dir, "tsconfig.json"), path.join(project.dir, "tsconfig.app.json"));
    try {
      const nearest = project.run(["--data-source", nest.dataSource, "check"], offline);
      expect(nearest.status).toBe(1);
      expect(nearest.stderr).toMatch(
        /Cannot find module '(src\/article\/article\.entity|@common|@app\/[^']+)'/,
      );
      const named = project.run(
        ["--data-source", nest.dataSource, "--tsconfig", "tsconfig.app.json", "check"],
        offline,
      );
      expect(named.stderr).toContain("Could not connect");
    } finally {
      renameSync(path.join(project.dir, "tsconfig.app.json"), path.join(project.dir, "tsconfig.json"));
    }
  });

  test("a {.ts,.js} glob that also reaches the build output loads each entity once, from its source", async () => {
    // dist/ is the tsconfig's outDir: its files are the compiled copies, never to be loaded beside the source.
    mkdirSync(path.join(project.dir, "dist/user"), { recursive: true });
    writeFileSync(
      path.join(project.dir, "dist/user/user.entity.js"),
      'throw new Error("the compiled copy was loaded");\n',
    );
    try {
      const { dataSource } = await loadModel({
        entities: ["{src,dist}/**/*.entity{.ts,.js}"],
        cwd: project.dir,
      });
      expect(dataSource.entityMetadatas.map((metadata) => metadata.tableName).sort()).toEqual(nest.tables);
    } finally {
      rmSync(path.join(project.dir, "dist"), { recursive: true });
    }
  });

  test("TypeORM's metadata error names the entity's file and the start-up hint", () => {
    writeFileSync(
      path.join(project.dir, "src/user/profile.entity.ts"),
      [
        'import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";',
        "@Entity()",
        "export class Profile {",
        "  @PrimaryGeneratedColumn() id: number;",
        "  @Column() settings: unknown;",
        "}",
        "",
      ].join("\n"),
    );
    try {
      const result = project.run(["--data-source", nest.dataSource, "check"], offline);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Data type "Object" in "Profile.settings" is not supported');
      expect(result.stderr).toContain(`Profile is in ${path.join("src", "user", "profile.entity.ts")}`);
      expect(result.stderr).toContain("docs/configuration.md#start-up-set-up");
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(path.join(project.dir, "src/user/profile.entity.ts"));
    }
  });

  test("a start-up module that awaits its set-up (a plugin adds a column) exports the promise of its DataSource", async () => {
    writeFileSync(
      path.join(project.dir, "src/retort-data-source.ts"),
      [
        'import { Column, DataSource } from "typeorm";',
        'import { Article } from "@app/article/article.entity";',
        'import { User } from "@app/user/user.entity";',
        "",
        "async function loadPlugins(): Promise<void> {",
        "  await new Promise((resolve) => setTimeout(resolve, 5));",
        '  Column({ type: "varchar", length: 8, nullable: true })(User.prototype, "locale");',
        "}",
        "",
        "export default (async () => {",
        "  await loadPlugins();",
        '  return new DataSource({ type: "postgres", entities: [User, Article] });',
        "})();",
        "",
      ].join("\n"),
    );
    try {
      const { dataSource } = await loadModel({ dataSource: "src/retort-data-source.ts", cwd: project.dir });
      const users = dataSource.entityMetadatas.find((metadata) => metadata.tableName === "users");
      expect(users?.columns.map((column) => column.databaseName)).toContain("locale");
    } finally {
      rmSync(path.join(project.dir, "src/retort-data-source.ts"));
    }
  });

  test("entity files published in a package are loaded when the glob names node_modules", () => {
    const result = project.run(
      ["--entities", "node_modules/typeorm-adapter/lib/casbinRule.js", "check"],
      offline,
    );
    expect(result.stderr).not.toContain("No entity files match");
    expect(result.stderr).toContain("Could not connect");
  });
});

test("TypeORM 0.2 is refused with one line naming the version and the supported range", () => {
  const project = createProject();
  try {
    // A project with its own TypeORM 0.2: only its package.json is read before retort refuses.
    rmSync(path.join(project.dir, "node_modules"));
    mkdirSync(path.join(project.dir, "node_modules/typeorm"), { recursive: true });
    writeFileSync(
      path.join(project.dir, "node_modules/typeorm/package.json"),
      JSON.stringify({ name: "typeorm", version: "0.2.45", main: "index.js" }),
    );
    writeFileSync(
      path.join(project.dir, "node_modules/typeorm/index.js"),
      "exports.createConnection = () => {};\n",
    );
    writeFileSync(path.join(project.dir, "package.json"), JSON.stringify({ name: "legacy", private: true }));
    mkdirSync(path.join(project.dir, "src"));
    writeFileSync(path.join(project.dir, "src/user.ts"), "export class User {}\n");
    const result = project.run(["--entities", "src/*.ts", "--migrations", "migrations", "check"], {
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none",
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      "FAILED: This project has TypeORM 0.2.45; retort needs TypeORM 0.3.0 or later (it builds the models through DataSource, new in 0.3). Upgrade typeorm to use retort.",
    ]);
  } finally {
    project.remove();
  }
});
