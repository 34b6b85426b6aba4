/**
 * The oracle suite of issue 4: for every model pair in test/fixtures/oracle-pairs (before → after, one
 * topic each), TypeORM's own synchronize() on an empty database is the reference catalog, and retort
 * must reach it through its migrations:
 *
 * 1. autogenerate from an empty database + `upgrade head` on M gives the catalog synchronize() of
 *    `before` gives on S1;
 * 2. `check` then finds nothing to do (no phantom diff);
 * 3. with rows.sql inserted on M, autogenerate + `upgrade head` to `after` gives the catalog of
 *    synchronize() of `after` on S2, `check` again finds nothing, and check.sql returns the same rows
 *    before and after the migration;
 * 4. `downgrade -1` gives back the catalog of step 1;
 * 5. `upgrade head` again works and gives the catalog of step 3;
 * 6. the property that a migration takes any database of `before` to `after`, started from TypeORM's
 *    own: on S1 (synchronize() of `before`), autogenerate + `upgrade head` to `after` gives the whole
 *    catalog of S2 (every schema, sequences included as far as the IR describes them), and `check`
 *    then finds nothing. It runs whatever became of steps 1 to 5.
 *
 * Catalogs are src/introspect snapshots (columns by name, constraints and indexes by name with
 * PostgreSQL's own definitions) plus every sequence with its owner and users read from pg_catalog
 * directly (test/support/sequences.ts), never text dumps. A pair's `renames` are the autogenerate's
 * rename answers. Column order is compared apart, in step 6 only:
 * PostgreSQL appends every column a migration adds, while synchronize() creates it where the entity
 * declares it, so only the columns the migration kept in place (see test/support/column-order.ts)
 * must be in synchronize()'s order. Steps call retort's library API rather than the
 * CLI (test/e2e covers the CLI): a spawn costs about a second, and each pair runs eleven commands.
 * Every pair has its own project directory and three databases of its own for its whole run (from
 * this file's pool, see test/support/database-pool.ts), and the pairs run concurrently.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ProjectOptions, Schema } from "retort";
import { autogenerate, check, downgrade, introspect, upgrade } from "retort";
import { afterAll, describe, type ExpectStatic, expect, test } from "vitest";
import { loadModel } from "../../src/models/load-model.js";
import { snapshotAllSchemas } from "../../src/shadow/schema-snapshot.js";
import { ORACLE_PAIRS, type OraclePair } from "../fixtures/oracle-pairs/manifest.js";
import { columnsByName, keptColumnOrder } from "../support/column-order.js";
import { describeWithDatabase } from "../support/database.js";
import { DatabasePool, type PooledDatabase } from "../support/database-pool.js";
import { createProject, type Project } from "../support/project.js";
import { type SequenceRow, sequencesOf } from "../support/sequences.js";

const pairsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/oracle-pairs");

/** Each tool's own bookkeeping tables are not part of the application's schema. */
const BOOKKEEPING_TABLES = ["retort_version", "typeorm_metadata"];

type Model = "before" | "after";

/** What a pair compares: the catalog reader's IR, and every sequence as pg_catalog lists it. */
type Catalog = Schema & { readonly allSequences: readonly SequenceRow[] };

async function catalog(db: PooledDatabase, schemas: readonly string[]): Promise<Catalog> {
  // Columns by name: PostgreSQL appends an added column at the end while synchronize() creates it
  // where the entity declares it, and no migration can (or should) reorder columns.
  return {
    ...columnsByName(await introspect(db.client, { schemas, excludeTables: BOOKKEEPING_TABLES })),
    // Read beside the IR, not through it: a serial's sequence that kept its old name or type must show.
    allSequences: await sequencesOf(db.client, schemas),
  };
}

/** Every schema of the database, not only the pair's: nothing a migration leaves elsewhere escapes. */
async function wholeCatalog(db: PooledDatabase, schemas: readonly string[]): Promise<Catalog> {
  return {
    ...(await snapshotAllSchemas(db.client, BOOKKEEPING_TABLES)),
    allSequences: await sequencesOf(db.client, schemas),
  };
}

async function rows(db: PooledDatabase, sql: string): Promise<unknown[]> {
  return (await db.client.query(sql)).rows;
}

/**
 * The two models live side by side (src/before, src/after) and the entity glob switches between
 * them: the loader caches modules by path for the life of the process, so overwriting the `before`
 * files in place would keep serving the old classes to this in-process run.
 */
function entityGlob(model: Model): string {
  return `src/${model}/**/*.ts`;
}

/**
 * What TypeORM itself builds for a model: synchronize() on an empty database. synchronize() does not
 * create the schemas its entities name (it fails with `schema "x" does not exist`), so, as a user
 * must, we create them first.
 */
async function synchronize(project: PairProject, model: Model, db: PooledDatabase): Promise<void> {
  const { dataSource, typeorm } = await loadModel({ ...project.modelFlags(model), cwd: project.dir });
  for (const schema of new Set(dataSource.entityMetadatas.flatMap((metadata) => metadata.schema ?? []))) {
    await db.client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
  }
  const sync = new typeorm.DataSource({
    ...dataSource.options,
    url: db.url,
    synchronize: true,
    // Outside a transaction, as CREATE INDEX CONCURRENTLY requires; on an empty database nothing
    // else about the result depends on it.
    migrationsTransactionMode: "none",
    logging: false,
  }) as unknown as { initialize(): Promise<void>; destroy(): Promise<void> };
  await sync.initialize();
  await sync.destroy();
}

interface PairProject extends Project {
  /** The entity glob of one model, plus the pair's data-source.ts when it has one. */
  modelFlags(model: Model): { entities: string[]; dataSource?: string };
}

/**
 * The project a user would have: the pair's two models, its data-source.ts if any, a config naming
 * its schemas, and migrations/.
 */
function pairProject(pair: OraclePair): PairProject {
  const project = createProject();
  const dataSourceFile = path.join(pairsDir, pair.dir, "data-source.ts");
  const hasDataSource = existsSync(dataSourceFile);
  if (hasDataSource) cpSync(dataSourceFile, path.join(project.dir, "data-source.ts"));
  for (const model of ["before", "after"] as const) {
    const target = path.join(project.dir, "src", model);
    cpSync(path.join(pairsDir, pair.dir, model), target, { recursive: true });
    // "No entities": the loader wants at least one file to match the glob.
    if (!readdirSync(target).some((file) => file.endsWith(".ts"))) {
      writeFileSync(path.join(target, "none.ts"), "export {};\n");
    }
  }
  mkdirSync(path.join(project.dir, "migrations"));
  mkdirSync(path.join(project.dir, SYNCHRONIZED_MIGRATIONS));
  writeFileSync(
    path.join(project.dir, "retort.config.json"),
    `${JSON.stringify({ migrations: "./migrations", schemas: pair.schemas ?? ["public"] }, null, 2)}\n`,
  );
  return {
    ...project,
    modelFlags: (model) => ({
      entities: [entityGlob(model)],
      ...(hasDataSource ? { dataSource: "data-source.ts" } : {}),
    }),
  };
}

/** Step 6's migrations, generated against synchronize() of `before`: a history of their own. */
const SYNCHRONIZED_MIGRATIONS = "migrations-synchronized";

function readOptional(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

async function runPair(pair: OraclePair, pool: DatabasePool, expect: ExpectStatic): Promise<void> {
  const schemas = pair.schemas ?? ["public"];
  const rowsSql = readOptional(path.join(pairsDir, pair.dir, "rows.sql"));
  const checkSql = readOptional(path.join(pairsDir, pair.dir, "check.sql"));
  const project = pairProject(pair);
  const [migrated, sync1, sync2] = await Promise.all([pool.take(), pool.take(), pool.take()]);
  const config = (model: Model, db = migrated, migrations?: string): ProjectOptions => ({
    ...project.modelFlags(model),
    ...(migrations ? { migrations } : {}),
    cwd: project.dir,
    env: { DATABASE_URL: db.url },
  });
  const label = (step: string) => `${pair.dir}: ${step}`;

  /** Runs one step; an exception is recorded softly and ends the pair, since later steps build on it. */
  const step = async (name: string, body: () => Promise<void>): Promise<boolean> => {
    try {
      await body();
      return true;
    } catch (error) {
      expect.soft(error, label(`step ${name} threw`)).toBeUndefined();
      return false;
    }
  };
  /** The library's `check`: the CLI prints "No new upgrade operations detected." when this is empty. */
  const expectNothingToGenerate = async (model: Model, when: string, db = migrated, migrations?: string) => {
    const { detections } = await check(config(model, db, migrations));
    expect.soft(detections, label(`${when}: check must detect nothing`)).toEqual([]);
  };

  /** Steps 1 to 5 on M: each builds on the one before, and the first that throws ends them. */
  const migrateM = async () => {
    let firstCatalog: Catalog | undefined;
    let secondCatalog: Catalog | undefined;
    const step1 = await step("1 (autogenerate from empty + upgrade head = synchronize(before))", async () => {
      await autogenerate({ ...config("before"), message: "before" });
      await upgrade("head", config("before"));
      firstCatalog = await catalog(migrated, schemas);
      expect
        .soft(firstCatalog, label("step 1: migrated vs synchronize(before)"))
        .toEqual(await catalog(sync1, schemas));
    });
    if (!step1) return;
    if (!(await step("2 (check after step 1)", () => expectNothingToGenerate("before", "step 2")))) return;

    const step3 = await step("3 (rows, autogenerate + upgrade head = synchronize(after))", async () => {
      if (rowsSql) await rows(migrated, rowsSql);
      const rowsBefore = checkSql ? await rows(migrated, checkSql) : undefined;
      const { operations } = await autogenerate({
        ...config("after"),
        message: "after",
        ...(pair.renames ? { renames: pair.renames } : {}),
      });
      // A pair whose models do not differ would test nothing.
      expect.soft(operations.length, label("step 3: operations from before to after")).toBeGreaterThan(0);
      await upgrade("head", config("after"));
      secondCatalog = await catalog(migrated, schemas);
      expect
        .soft(secondCatalog, label("step 3: migrated vs synchronize(after)"))
        .toEqual(await catalog(sync2, schemas));
      if (checkSql) {
        const rowsAfter = await rows(migrated, checkSql);
        expect.soft(rowsAfter, label("step 3: check.sql before vs after the migration")).toEqual(rowsBefore);
      }
      await expectNothingToGenerate("after", "step 3");
    });
    if (!step3) return;

    const step4 = await step("4 (downgrade -1 = catalog of step 1)", async () => {
      await downgrade("-1", config("after"));
      expect
        .soft(await catalog(migrated, schemas), label("step 4: after downgrade -1"))
        .toEqual(firstCatalog);
    });
    if (!step4) return;

    await step("5 (upgrade head again = catalog of step 3)", async () => {
      await upgrade("head", config("after"));
      expect.soft(await catalog(migrated, schemas), label("step 5: upgraded again")).toEqual(secondCatalog);
    });
  };

  /**
   * Step 6 on S1, after steps 1 to 5 (step 1 compares S1 as synchronize() left it): TypeORM's own
   * database of `before`, taken to `after` by retort's autogenerated migration, in a migrations folder
   * of its own. Its model is the one step 3 canonicalised, so the model cache serves it.
   */
  const migrateS1 = () =>
    step(
      "6 (synchronize(before) + autogenerate + upgrade head = synchronize(after), whole catalog)",
      async () => {
        const start = await wholeCatalog(sync1, schemas);
        const { operations } = await autogenerate({
          ...config("after", sync1, SYNCHRONIZED_MIGRATIONS),
          message: "after",
          ...(pair.renames ? { renames: pair.renames } : {}),
        });
        await upgrade("head", config("after", sync1, SYNCHRONIZED_MIGRATIONS));
        const [reached, reference] = await Promise.all([
          wholeCatalog(sync1, schemas),
          wholeCatalog(sync2, schemas),
        ]);
        expect
          .soft(columnsByName(reached), label("step 6: synchronize(before) migrated vs synchronize(after)"))
          .toEqual(columnsByName(reference));
        expect
          .soft(
            keptColumnOrder(start, reached, operations),
            label("step 6: order of the columns the migration kept in place"),
          )
          .toEqual(keptColumnOrder(start, reference, operations));
        await expectNothingToGenerate("after", "step 6", sync1, SYNCHRONIZED_MIGRATIONS);
      },
    );

  try {
    const synchronized = await step("0 (synchronize() of before on S1, of after on S2)", async () => {
      await Promise.all([synchronize(project, "before", sync1), synchronize(project, "after", sync2)]);
    });
    if (!synchronized) return;
    await migrateM();
    await migrateS1();
  } finally {
    project.remove();
    await Promise.all([migrated, sync1, sync2].map((db) => pool.give(db)));
  }
}

describe("the oracle-pairs manifest", () => {
  test("lists every pair directory once, each with before/ and after/", () => {
    const dirs = readdirSync(pairsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(ORACLE_PAIRS.map((pair) => pair.dir).sort()).toEqual(dirs);
    for (const dir of dirs) {
      expect(existsSync(path.join(pairsDir, dir, "before")), `${dir}/before`).toBe(true);
      expect(existsSync(path.join(pairsDir, dir, "after")), `${dir}/after`).toBe(true);
    }
    expect(dirs.length).toBeGreaterThanOrEqual(40);
  });
});

describeWithDatabase("oracle pairs: retort's migrations reach what TypeORM synchronize() builds", () => {
  const pool = new DatabasePool("retort_pairs");
  afterAll(() => pool.dropAll());

  test.concurrent.for(ORACLE_PAIRS)("$dir", { timeout: 120_000 }, async (pair, { expect }) => {
    await runPair(pair, pool, expect);
  });
});
