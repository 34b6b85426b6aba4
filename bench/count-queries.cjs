/**
 * Preloaded (`node --require`) into every process the benchmark times, retort's and TypeORM's alike:
 * counts the statements the process sends to the server (each `pg` `Client#query` call is one round
 * trip: both tools use `pg`, TypeORM through a `Pool` of the same clients), and writes the count and
 * the process's peak resident memory to $RETORT_BENCH_STATS when it exits.
 *
 * `pg` is counted when the process itself loads it (its client module is patched as it is compiled,
 * whether reached by `require` or by `import`): loading it here up front would add its 60 ms of
 * loading to processes that never connect, such as `retort history`.
 */
"use strict";
const { writeFileSync } = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const out = process.env.RETORT_BENCH_STATS;
if (out) {
  let statements = 0;
  const clientModule = `${path.sep}pg${path.sep}lib${path.sep}client.js`;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileAndCount(content, filename) {
    const result = compile.call(this, content, filename);
    const Client = this.exports;
    if (filename.endsWith(clientModule) && typeof Client === "function" && !Client.prototype.countedQuery) {
      const query = Client.prototype.query;
      Client.prototype.query = function countedQuery(...args) {
        statements += 1;
        return query.apply(this, args);
      };
      Client.prototype.countedQuery = true;
    }
    return result;
  };
  process.on("exit", () => {
    writeFileSync(out, JSON.stringify({ statements, maxRssKb: peakRssKb() }));
  });
}

/**
 * The process's own peak resident memory. Not getrusage's maxRSS on Linux: the kernel carries that
 * over an exec from the forked copy of the parent, so every process the benchmark starts would report
 * at least the benchmark's own resident memory (146 MB once it had run N = 5000). VmHWM is the peak of
 * the process's own address space, which begins at its exec.
 */
function peakRssKb() {
  try {
    const status = require("node:fs").readFileSync("/proc/self/status", "utf8");
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kb) return Number(kb);
  } catch {
    // Not Linux: getrusage's figure.
  }
  return process.resourceUsage().maxRSS;
}
