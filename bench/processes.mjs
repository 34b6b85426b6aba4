/**
 * What every part of the benchmark shares: the repository's paths, scratch databases on the server,
 * and timing a whole process (spawn to exit) with its statement count and peak memory, which
 * ./count-queries.cjs (preloaded into every timed process, retort's and TypeORM's alike) writes out.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const cli = path.join(repo, "dist/cli.cjs");
export const typeormCli = path.join(repo, "node_modules/typeorm/cli.js");
export const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const keep = process.env.BENCH_KEEP === "1";
const preload = path.join(repo, "bench/count-queries.cjs");

/** The benchmark's scratch directory: every project and stats file lives under it. */
export const work = mkdtempSync(path.join(tmpdir(), "retort-bench-"));

export const log = (line) => process.stderr.write(`${line}\n`);

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function urlFor(database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function onServer(sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of [sql].flat()) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function freshDatabase(name) {
  await onServer([`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`]);
  return urlFor(name);
}

export async function dropDatabase(name) {
  if (!keep) await onServer([`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
}

/**
 * One process, timed from spawn to exit, with its statement count and peak memory. `expectStatus` may
 * be a list (`check` exits 1 when it finds changes, by design).
 */
export function run(label, command, args, { cwd, env = {}, expectStatus = 0, expectOutput } = {}) {
  const stats = path.join(work, `stats-${process.pid}.json`);
  rmSync(stats, { force: true });
  const start = performance.now();
  const result = spawnSync(process.execPath, ["--require", preload, command, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", RETORT_BENCH_STATS: stats, ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  const output = `${result.stdout}${result.stderr}`;
  const statusOk = [expectStatus].flat().includes(result.status);
  if (!statusOk || (expectOutput && !expectOutput.test(output))) {
    throw new Error(`${label}: exit ${result.status} (expected ${expectStatus})\n${output.slice(-4000)}`);
  }
  const { statements, maxRssKb } = JSON.parse(readFileSync(stats, "utf8"));
  return { seconds, statements, peakMb: maxRssKb / 1024, output };
}

/** `runs` runs of `once` (which may prepare each run), summarised by their medians. */
export function measure(label, runs, once) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(once(i));
  const summary = {
    seconds: median(samples.map((s) => s.seconds)),
    statements: median(samples.map((s) => s.statements)),
    peakMb: Math.max(...samples.map((s) => s.peakMb)),
    samples: samples.map((s) => Number(s.seconds.toFixed(3))),
  };
  log(
    `  ${label}: ${summary.seconds.toFixed(2)} s, ${summary.statements} statements, ${summary.peakMb.toFixed(0)} MB`,
  );
  return summary;
}
