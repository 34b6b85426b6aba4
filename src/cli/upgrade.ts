import type { Command } from "commander";
import { alreadyAt } from "./already-at.js";
import { addLockTimeoutOption, lockTimeoutOf } from "./lock-timeout-option.js";
import { migrationProgress } from "./migration-progress.js";
import { withProgress } from "./progress.js";
import { configFor, printLines } from "./shared.js";

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
    const config = await configFor(command);
    const { upgrade } = await import("../commands/upgrade.js");
    const result = await withProgress("upgrade", () =>
      upgrade(config, target, {
        ...migrationProgress(),
        sql: options.sql === true,
        ...lockTimeoutOf(options),
      }),
    );
    if (result.sql) printLines(result.sql);
    else if (result.at) printLines([alreadyAt(target, result.at)]);
  });
}
