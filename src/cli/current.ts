import type { Command } from "commander";
import { configFor, optionsOf, printJson, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("current")
    .description("Display the current revision(s) of the database")
    .option("-v, --verbose", "show each revision in full")
    .option("--json", "print {heads: [revision, ...]} as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { verbose } = optionsOf<{ verbose?: boolean }>(command);
      const config = await configFor(command);
      const { current, currentData } = await import("../commands/current.js");
      if (options.json) printJson(await currentData(config));
      else printLines(await current(config, { verbose: verbose === true }));
    });
}
