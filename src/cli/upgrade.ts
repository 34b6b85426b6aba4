import type { Command } from "commander";
import { upgrade } from "../commands/upgrade.js";
import { addLockTimeoutOption, lockTimeoutOf } from "./lock-timeout-option.js";
import { configFor, logToStderr, printLines } from "./shared.js";

export function register(program: Command): void {
  addLockTimeoutOption(
    program
      .command("upgrade")
      .description(
        "Upgrade to a later version: head, heads, <rev>, <rev prefix>, +N, <rev>+N, <branch>@head; " +
          "<start>:<target> with --sql",
      )
      .argument("<target>", "revision to upgrade to")
      .option("--sql", "print the SQL script instead of running it"),
  ).action(async (target: string, options: { sql?: boolean; lockTimeout?: number }, command: Command) => {
    const result = await upgrade(await configFor(command), target, {
      log: logToStderr,
      sql: options.sql === true,
      ...lockTimeoutOf(options),
    });
    if (result.sql) printLines(result.sql);
  });
}
