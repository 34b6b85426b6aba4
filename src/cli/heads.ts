import type { Command } from "commander";
import { heads } from "../commands/heads.js";
import { configFor, optionsOf, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("heads")
    .description("Show the head revision(s) of the migrations directory")
    .option("-v, --verbose", "show each revision in full")
    .action(async (_options: unknown, command: Command) => {
      const { verbose } = optionsOf(command);
      printLines(await heads(await configFor(command), { verbose: verbose === true }));
    });
}
