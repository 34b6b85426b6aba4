import type { Command } from "commander";
import { configFor, optionsOf, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("branches")
    .description("Show the branch points and the revisions they branch into")
    .option("-v, --verbose", "show each branch point in full")
    .action(async (_options: unknown, command: Command) => {
      const { verbose } = optionsOf<{ verbose?: boolean }>(command);
      const { branches } = await import("../commands/branches.js");
      printLines(await branches(await configFor(command), { verbose: verbose === true }));
    });
}
