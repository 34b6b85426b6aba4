#!/usr/bin/env node
/**
 * The `retort` command. Each command lives in src/cli/<command>.ts and adds itself to the program with
 * `register(program)`: to add one, import its register below and list it.
 */
import { register as current } from "./cli/current.js";
import { register as downgrade } from "./cli/downgrade.js";
import { register as heads } from "./cli/heads.js";
import { register as history } from "./cli/history.js";
import { createProgram } from "./cli/program.js";
import { runCli } from "./cli/run.js";
import { register as upgrade } from "./cli/upgrade.js";

const program = createProgram();
for (const register of [upgrade, downgrade, current, history, heads]) register(program);
await runCli(program, process.argv);
