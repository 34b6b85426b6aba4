/**
 * Preloaded (`node --require`) into every process the benchmark times, retort's and TypeORM's alike:
 * counts the statements the process sends to the server (each `pg` `Client#query` call is one round
 * trip: both tools use `pg`, TypeORM through a `Pool` of the same clients), and writes the count and
 * the process's peak resident memory to $RETORT_BENCH_STATS when it exits.
 */
"use strict";
const { writeFileSync } = require("node:fs");

const out = process.env.RETORT_BENCH_STATS;
if (out) {
  const pg = require(require.resolve("pg", { paths: [process.cwd()] }));
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(...args) {
    statements += 1;
    return query.apply(this, args);
  };
  process.on("exit", () => {
    writeFileSync(out, JSON.stringify({ statements, maxRssKb: process.resourceUsage().maxRSS }));
  });
}
