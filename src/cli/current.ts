import type { Command } from "commander";
import { current } from "../commands/current.js";
import { configFor, optionsOf, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("current")
    .description("Display the current revision(s) of the database")
    .option("-v, --verbose", "show each revision in full")
    .action(async (_options: unknown, command: Command) => {
      const { verbose } = optionsOf(command);
      printLines(await current(await configFor(command), { verbose: verbose === true }));
    });
}
