import type { Command } from "commander";
import { alreadyAt } from "./already-at.js";
import { addLockTimeoutOption, lockTimeoutOf } from "./lock-timeout-option.js";
import { migrationProgress } from "./migration-progress.js";
import { withProgress } from "./progress.js";
import { configFor, printLines } from "./shared.js";

export function register(program: Command): void {
  addLockTimeoutOption(
    program
      .command("downgrade")
      .description(
        "Revert to a previous version: base, -N, <rev>, <rev prefix>, <rev>-N; <start>:<target> with --sql",
      )
      .argument("<target>", "revision to downgrade to")
      .option("--sql", "print the SQL script instead of running it (needs <start>:<target>)"),
  ).action(async (target: string, options: { sql?: boolean; lockTimeout?: number }, command: Command) => {
    const config = await configFor(command);
    const { downgrade } = await import("../commands/downgrade.js");
    const result = await withProgress("downgrade", () =>
      downgrade(config, target, {
        ...migrationProgress(),
        sql: options.sql === true,
        ...lockTimeoutOf(options),
      }),
    );
    if (result.sql) printLines(result.sql);
    else if (result.at) printLines([alreadyAt(target, result.at)]);
  });
}
