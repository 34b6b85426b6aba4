import type { Command } from "commander";
import { upgrade } from "../commands/upgrade.js";
import { configFor, logToStderr } from "./shared.js";

export function register(program: Command): void {
  program
    .command("upgrade")
    .description("Upgrade to a later version: head, heads, <rev>, <rev prefix>, +N, <rev>+N, <branch>@head")
    .argument("<target>", "revision to upgrade to")
    .option("--sql", "print the SQL instead of running it (not supported yet)")
    .action(async (target: string, options: { sql?: boolean }, command: Command) => {
      await upgrade(await configFor(command), target, { log: logToStderr, sql: options.sql === true });
    });
}
