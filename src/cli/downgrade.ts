import type { Command } from "commander";
import { registerMigrateCommand } from "./migrate-command.js";

export function register(program: Command): void {
  registerMigrateCommand(program, {
    name: "downgrade",
    description:
      "Revert to a previous version: base, -N, <rev>, <rev prefix>, <rev>-N; <start>:<target> with --sql",
    sqlHelp: "print the SQL script instead of running it (needs <start>:<target>)",
    load: async () => (await import("../commands/downgrade.js")).downgrade,
  });
}
