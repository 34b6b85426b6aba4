import type { Command } from "commander";
import { registerMigrateCommand } from "./migrate-command.js";

export function register(program: Command): void {
  registerMigrateCommand(program, {
    name: "upgrade",
    description:
      "Upgrade to a later version: head, heads, <rev>, <rev prefix>, +N, <rev>+N, <branch>@head; " +
      "<start>:<target> with --sql",
    sqlHelp: "print the SQL script instead of running it",
    load: async () => (await import("../commands/upgrade.js")).upgrade,
  });
}
