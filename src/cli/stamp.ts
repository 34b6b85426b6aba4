import type { Command } from "commander";
import { addLockTimeoutOption, lockTimeoutOf } from "./lock-timeout-option.js";
import { projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  addLockTimeoutOption(
    program
      .command("stamp")
      .description("Set the version table to the given revision(s) without running any migration")
      .argument("<revisions...>", "head, heads, base, <rev>, <rev prefix>, <branch>@head")
      .option("--purge", "delete every row of the version table first"),
  ).action(
    async (revisions: string[], options: { purge?: boolean; lockTimeout?: number }, command: Command) => {
      const { stamp } = await import("../commands/stamp.js");
      await stamp(revisions, {
        ...projectOptionsOf(command),
        purge: options.purge === true,
        ...lockTimeoutOf(options),
      });
    },
  );
}
