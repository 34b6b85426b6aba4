import type { Command } from "commander";
import { downgrade } from "../commands/downgrade.js";
import { configFor, logToStderr } from "./shared.js";

export function register(program: Command): void {
  program
    .command("downgrade")
    .description("Revert to a previous version: base, -N, <rev>, <rev prefix>, <rev>-N")
    .argument("<target>", "revision to downgrade to")
    .option("--sql", "print the SQL instead of running it (not supported yet)")
    .action(async (target: string, options: { sql?: boolean }, command: Command) => {
      await downgrade(await configFor(command), target, { log: logToStderr, sql: options.sql === true });
    });
}
