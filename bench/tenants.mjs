/**
 * `node bench/tenants.mjs` (after `npm run build`): a fleet of 500 schema tenants migrated by one
 * revision of 5 operations, with `--concurrency` 1, 4 and 16, through the built library
 * (`upgradeTenants`, the CLI's code without its start-up). Before each run the tenants are put back at
 * base (their schemas dropped and created again, in one statement); the time is the whole fleet run:
 * the catalog read, the pool, every tenant's lock, transaction and version row. Prints one table: the
 * time, tenants per second and the speed-up over one at a time.
 *
 * Not part of `npm test`. Environment: BENCH_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres; a database retort_bench_tenants_* is created there
 * and dropped), BENCH_TENANTS (default 500), BENCH_CONCURRENCY (default "1,4,16"), BENCH_RUNS
 * (runs per level, the median is shown; default 1).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { upgradeTenants } from "../dist/index.js";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const tenants = Number(process.env.BENCH_TENANTS ?? 500);
const levels = (process.env.BENCH_CONCURRENCY ?? "1,4,16").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 1);

const MIGRATION = `/**
 * five operations
 *
 * Revision ID: be0c0000a001
 * Revises:
 */
export const revision = "be0c0000a001";
export const downRevision = null;

export async function upgrade({ op }) {
  await op.createTable("account", [
    { name: "id", type: "integer", nullable: false },
    { name: "name", type: "character varying(100)", nullable: false },
  ], { primaryKey: { name: "account_pkey", columns: ["id"] } });
  await op.addColumn("account", { name: "email", type: "text" });
  await op.createIndex("account_email_idx", "account", ["email"]);
  await op.createTable("invoice", [
    { name: "id", type: "integer", nullable: false },
    { name: "account_id", type: "integer", nullable: false },
  ], { primaryKey: { name: "invoice_pkey", columns: ["id"] } });
  await op.createForeignKey("invoice_account_fk", "invoice", "account", ["account_id"], ["id"]);
}

export async function downgrade({ op }) {
  await op.dropTable("invoice");
  await op.dropTable("account");
}
`;

const database = `retort_bench_tenants_${process.pid}`;
const url = withDatabase(serverUrl, database);
const dir = mkdtempSync(path.join(tmpdir(), "retort-bench-tenants-"));

function withDatabase(base, name) {
  const parsed = new URL(base);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onServer(target, sql) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Every tenant back at base: its schema dropped with everything in it and created empty. */
const resetFleet = () =>
  onServer(
    url,
    `DO $$ DECLARE i int; BEGIN
       FOR i IN 1..${tenants} LOOP
         EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', 'tenant_' || i);
         EXECUTE format('CREATE SCHEMA %I', 'tenant_' || i);
       END LOOP;
     END $$`,
  );

async function main() {
  await onServer(serverUrl, `CREATE DATABASE ${database}`);
  mkdirSync(path.join(dir, "migrations"));
  writeFileSync(path.join(dir, "migrations", "be0c0000a001_five_operations.mjs"), MIGRATION);
  const config = {
    url,
    tenants: {
      sql: `SELECT 't' || g AS name, 'tenant_' || g AS schema FROM generate_series(1, ${tenants}) g`,
    },
  };
  try {
    const rows = [];
    for (const concurrency of levels) {
      const times = [];
      let ran = concurrency;
      for (let i = 0; i < runs; i++) {
        await resetFleet();
        const start = performance.now();
        const result = await upgradeTenants({ cwd: dir, config, concurrency });
        times.push((performance.now() - start) / 1000);
        ran = result.concurrency;
        const upgraded = result.tenants.filter((t) => t.status === "upgraded").length;
        if (upgraded !== tenants) throw new Error(`only ${upgraded} of ${tenants} tenants upgraded`);
      }
      times.sort((a, b) => a - b);
      rows.push({ concurrency, ran, seconds: times[Math.floor(times.length / 2)] });
    }
    const base = rows.find((r) => r.concurrency === 1)?.seconds ?? rows[0].seconds;
    console.log(
      `${tenants} schema tenants x 1 revision of 5 operations; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`,
    );
    console.log("concurrency  time     tenants/s  speed-up");
    for (const row of rows) {
      const level =
        row.ran === row.concurrency ? String(row.concurrency) : `${row.concurrency} (ran ${row.ran})`;
      console.log(
        `${level.padEnd(11)}  ${`${row.seconds.toFixed(1)} s`.padEnd(7)}  ${(tenants / row.seconds)
          .toFixed(0)
          .padEnd(9)}  ${(base / row.seconds).toFixed(2)}x`,
      );
    }
  } finally {
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
