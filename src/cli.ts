#!/usr/bin/env node
/**
 * The `retort` command. Each command lives in src/cli/<command>.ts and adds itself to the program with
 * `register(program)`: to add one, import its register below and list it.
 */
import { register as branches } from "./cli/branches.js";
import { register as check } from "./cli/check.js";
import { register as current } from "./cli/current.js";
import { register as downgrade } from "./cli/downgrade.js";
import { register as heads } from "./cli/heads.js";
import { register as history } from "./cli/history.js";
import { register as importTypeorm } from "./cli/import-typeorm.js";
import { register as init } from "./cli/init.js";
import { register as merge } from "./cli/merge.js";
import { createProgram } from "./cli/program.js";
import { register as revisionCommand } from "./cli/revision.js";
import { runCli } from "./cli/run.js";
import { register as show } from "./cli/show.js";
import { register as squash } from "./cli/squash.js";
import { register as stamp } from "./cli/stamp.js";
import { register as upgrade } from "./cli/upgrade.js";
import { compileWebAssemblyOnce } from "./embedded/wasm-tier.js";

compileWebAssemblyOnce();

const program = createProgram();
for (const register of [
  init,
  revisionCommand,
  upgrade,
  downgrade,
  current,
  history,
  heads,
  branches,
  show,
  merge,
  squash,
  stamp,
  check,
  importTypeorm,
])
  register(program);
// Not awaited at the top level: the bundle is CommonJS (scripts/bundle-cli.mjs), and runCli reports
// its own errors.
void runCli(program, process.argv);
