/**
 * `npm run bench`: retort against TypeORM 1.x's own `migration:generate` on synthetic applications of
 * N = 10, 100, 500 and 1000 entities (./generate.mjs), each synchronized by TypeORM into its own
 * database on the local PostgreSQL. Every figure is a whole process, timed from spawn to exit, median
 * of several runs; statements and peak memory come from ./count-queries.cjs, preloaded into every
 * process of both tools. Prints one table and writes bench/results.json.
 *
 * Environment: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres, a server on
 * which databases named retort_bench_* may be created and dropped), BENCH_SIZES (e.g. "10,100"),
 * BENCH_RUNS (runs per measurement; default 5 up to N = 100, 3 at 500, 2 at 1000, 1 at 5000),
 * BENCH_KEEP=1 (keep the temp directory and the databases), BENCH_EMBEDDED=0, BENCH_SHADOW=0,
 * BENCH_REVISIONS=0 (leave a part out).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import pg from "pg";
import { benchEmbedded } from "./embedded.mjs";
import { className, writeEntity, writeProject, writeRevisions } from "./generate.mjs";
import {
  cli,
  dropDatabase,
  freshDatabase,
  keep,
  log,
  measure,
  median,
  repo,
  run,
  serverUrl,
  typeormCli,
  work,
} from "./processes.mjs";
import { benchShadow } from "./shadow.mjs";
import { table } from "./table.mjs";

const sizes = (process.env.BENCH_SIZES ?? "10,100,500,1000,5000").split(",").filter(Boolean).map(Number);
// Fewer runs where one run takes long: the whole benchmark stays within about half an hour.
const runsFor = (n) => Number(process.env.BENCH_RUNS ?? (n <= 100 ? 5 : n <= 500 ? 3 : n <= 1000 ? 2 : 1));
const floorScript = path.join(repo, "bench/floor.mjs");

/**
 * The catalog floor: the few bulk pg_catalog queries any tool needs at least to read what retort
 * reads (columns with canonical types and defaults, constraints, indexes, enum labels, views), on an
 * open connection. Beside it, retort's own introspect() on the same connection.
 */
const FLOOR_QUERIES = [
  `SELECT c.oid, n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
          pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')`,
  `SELECT con.conrelid, con.conname, con.contype, pg_get_constraintdef(con.oid)
     FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace WHERE n.nspname = ANY($1)`,
  `SELECT i.indrelid, i.indexrelid, pg_get_indexdef(i.indexrelid)
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY($1)`,
  `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = ANY($1) GROUP BY t.typname`,
  `SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY($1) AND c.relkind IN ('v', 'm')`,
];

async function catalogFloor(url, runs) {
  const { introspect } = await import(path.join(repo, "dist/introspect/index.js"));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const time = async (fn) => {
      const start = performance.now();
      await fn();
      return (performance.now() - start) / 1000;
    };
    const floor = [];
    const retort = [];
    // One untimed round each first: the server's caches warm the same way for both.
    for (let i = 0; i <= runs; i++) {
      const f = await time(async () => {
        for (const sql of FLOOR_QUERIES) await client.query(sql, [["public"]]);
      });
      const r = await time(() => introspect(client, { schemas: ["public"] }));
      if (i > 0) {
        floor.push(f);
        retort.push(r);
      }
    }
    let statements = 0;
    const query = client.query;
    client.query = (...args) => {
      statements += 1;
      return query.apply(client, args);
    };
    await introspect(client, { schemas: ["public"] });
    client.query = query;
    return { floor: median(floor), introspect: median(retort), statements };
  } finally {
    await client.end();
  }
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    postgres: null,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  },
  nodeStartSeconds: null,
  sizes: [],
  revisions: null,
  shadow: null,
  embedded: null,
};

async function benchSize(n) {
  const runs = runsFor(n);
  const dir = path.join(work, `n${n}`);
  log(`N = ${n} (${runs} runs each)`);
  writeProject(dir, n, path.join(repo, "node_modules"));
  const syncUrl = await freshDatabase(`retort_bench_${n}_sync`);
  const emptyUrl = await freshDatabase(`retort_bench_${n}_empty`);
  const setupStart = performance.now();
  run("TypeORM synchronize", "dist/sync.js", [], { cwd: dir, env: { DATABASE_URL: syncUrl } });
  const syncSeconds = (performance.now() - setupStart) / 1000;
  log(`  TypeORM synchronize (setup): ${syncSeconds.toFixed(1)} s`);

  const retortArgs = ["--entities", "src/entity/*.ts", "--migrations", "migrations"];
  const retort = (label, args, url, options = {}) =>
    run(label, cli, [...retortArgs, ...args], { cwd: dir, env: { DATABASE_URL: url }, ...options });
  const typeorm = (label, args, url, options = {}) =>
    run(label, typeormCli, ["migration:generate", ...args, "-d", "dist/data-source.js", "migrations/bench"], {
      cwd: dir,
      env: { DATABASE_URL: url },
      ...options,
    });
  const noChanges = /No new upgrade operations detected\./;
  const clearCaches = () => {
    rmSync(path.join(dir, ".retort"), { recursive: true, force: true });
    rmSync(path.join(dir, "node_modules/.cache"), { recursive: true, force: true });
  };
  const generated = () => readdirSync(path.join(dir, "migrations")).filter((f) => f.endsWith(".ts"));
  const removeGenerated = () => {
    for (const file of generated()) rmSync(path.join(dir, "migrations", file));
  };

  // In sync. The first run fills retort's caches and is not counted. Then two steady states: the
  // first check after the model was loaded (its cache entry answers the model, the catalog is decoded
  // and diffed; the memo of in-sync comparisons removed before each run), and a check like the one
  // before it (the memo answers).
  retort("retort check (warm-up)", ["check"], syncUrl, { expectOutput: noChanges });
  const memo = path.join(dir, ".retort/cache/in-sync");
  const checkDiffedRetort = measure("retort check, first after a load (model cache, diffed)", runs, () => {
    rmSync(memo, { force: true });
    return retort("retort check", ["check"], syncUrl, { expectOutput: noChanges });
  });
  const checkRetort = measure("retort check, again (steady state)", runs, () =>
    retort("retort check", ["check"], syncUrl, { expectOutput: noChanges }),
  );
  // The floor for this N, measured beside the check it bounds.
  const floorProcess = measure("floor: start, connect, read the catalog, exit", runs, () =>
    run("floor", floorScript, [], { cwd: dir, env: { DATABASE_URL: syncUrl } }),
  );
  const checkTypeorm = measure("TypeORM migration:generate --check", runs, () =>
    typeorm("TypeORM --check", ["--check"], syncUrl, { expectOutput: /No changes in database schema/ }),
  );

  // One column added to one entity: a new column name each run, so each run finds the cache stale.
  const changed = Math.max(1, Math.floor(n / 2));
  const changedRetort = measure(
    `retort revision --autogenerate (one column added to ${className(changed)})`,
    runs,
    (i) => {
      writeEntity(dir, changed, `extra${i}`);
      const result = retort(
        "retort revision --autogenerate",
        ["revision", "--autogenerate", "-m", "add column"],
        syncUrl,
      );
      const files = generated();
      const text = files.length === 1 ? readFileSync(path.join(dir, "migrations", files[0]), "utf8") : "";
      if (!text.includes(`extra${i}`)) throw new Error(`the revision does not add extra${i}:\n${text}`);
      removeGenerated();
      return result;
    },
  );
  const changedTypeorm = measure("TypeORM migration:generate --dryrun (one column added)", runs, (i) => {
    writeEntity(dir, changed, `extra${i}`);
    return typeorm("TypeORM --dryrun", ["--dryrun"], syncUrl, { expectOutput: new RegExp(`extra${i}`) });
  });
  writeEntity(dir, changed);

  // Cold: an empty database, and no cache of any kind (neither the model nor transpiled files).
  const coldRetort = measure("retort revision --autogenerate (empty database, no cache)", runs, () => {
    clearCaches();
    const result = retort("retort cold", ["revision", "--autogenerate", "-m", "initial"], emptyUrl);
    if (generated().length !== 1) throw new Error("no revision written");
    removeGenerated();
    return result;
  });
  // The same from the compiled JavaScript TypeORM's CLI reads: retort without the TypeScript transpile.
  const coldRetortJs = measure(
    "retort revision --autogenerate (empty database, no cache, compiled .js entities)",
    runs,
    () => {
      clearCaches();
      const result = run(
        "retort cold (.js)",
        cli,
        [
          "--entities",
          "dist/entity/*.js",
          "--migrations",
          "migrations",
          "revision",
          "--autogenerate",
          "-m",
          "initial",
        ],
        { cwd: dir, env: { DATABASE_URL: emptyUrl } },
      );
      if (generated().length !== 1) throw new Error("no revision written");
      removeGenerated();
      return result;
    },
  );
  const coldTypeorm = measure("TypeORM migration:generate --dryrun (empty database)", runs, () =>
    typeorm("TypeORM cold", ["--dryrun"], emptyUrl, { expectOutput: /CREATE TABLE/ }),
  );

  const floor = await catalogFloor(syncUrl, Math.max(runs, 5));
  log(
    `  catalog floor ${(floor.floor * 1000).toFixed(0)} ms, retort introspect ${(floor.introspect * 1000).toFixed(0)} ms`,
  );

  await dropDatabase(`retort_bench_${n}_sync`);
  await dropDatabase(`retort_bench_${n}_empty`);
  if (!keep) rmSync(dir, { recursive: true, force: true });
  const tables = n + Math.floor(n / 10); // entities plus ManyToMany join tables
  return {
    n,
    tables,
    runs,
    setupSyncSeconds: Number(syncSeconds.toFixed(2)),
    check: { retort: checkRetort, typeorm: checkTypeorm, floor: floorProcess },
    checkDiffed: { retort: checkDiffedRetort, typeorm: checkTypeorm, floor: floorProcess },
    oneColumnAdded: { retort: changedRetort, typeorm: changedTypeorm },
    cold: { retort: coldRetort, typeorm: coldTypeorm },
    coldJs: { retort: coldRetortJs, typeorm: coldTypeorm },
    introspection: {
      floorSeconds: floor.floor,
      floorStatements: FLOOR_QUERIES.length,
      retortSeconds: floor.introspect,
      retortStatements: floor.statements,
    },
  };
}

/** `retort history` and `retort current` over a chain of 1000 migration files. */
async function benchRevisions(count = 1000) {
  const dir = path.join(work, "revisions");
  writeProject(dir, 1, path.join(repo, "node_modules"));
  writeRevisions(path.join(dir, "migrations"), count);
  const url = await freshDatabase("retort_bench_revisions");
  const args = ["--migrations", "migrations"];
  const env = { DATABASE_URL: url };
  const runs = 5;
  // The first run reads every file from disk; the others find them in the OS's file cache.
  const first = run("retort history (first)", cli, [...args, "history"], { cwd: dir, env });
  log(`revisions: first history ${first.seconds.toFixed(2)} s`);
  const history = measure(`retort history (${count} revisions)`, runs, () =>
    run("retort history", cli, [...args, "history"], { cwd: dir, env }),
  );
  const current = measure(`retort current (${count} revisions)`, runs, () =>
    run("retort current", cli, [...args, "current"], { cwd: dir, env }),
  );
  await dropDatabase("retort_bench_revisions");
  return { count, firstHistorySeconds: first.seconds, history, current };
}

try {
  const versionClient = new pg.Client({ connectionString: serverUrl });
  await versionClient.connect();
  results.machine.postgres = `PostgreSQL ${(await versionClient.query("SHOW server_version")).rows[0].server_version}`;
  await versionClient.end();
  results.nodeStartSeconds = median(
    Array.from({ length: 5 }, () => {
      const start = performance.now();
      spawnSync(process.execPath, ["-e", "0"]);
      return (performance.now() - start) / 1000;
    }),
  );
  for (const n of sizes) results.sizes.push(await benchSize(n));
  if (process.env.BENCH_REVISIONS !== "0") results.revisions = await benchRevisions();
  if (process.env.BENCH_SHADOW !== "0") results.shadow = await benchShadow();
  if (process.env.BENCH_EMBEDDED !== "0") results.embedded = benchEmbedded();
  results.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  const text = table(results);
  writeFileSync(path.join(repo, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${text}\n`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}
