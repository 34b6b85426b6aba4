import type { Command } from "commander";
import { currentLines } from "./revision-lines.js";
import { optionsOf, printJson, printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  program
    .command("current")
    .description("Display the current revision(s) of the database")
    .option("-v, --verbose", "show each revision in full")
    .option("--json", "print {heads: [revision, ...]} as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { verbose } = optionsOf<{ verbose?: boolean }>(command);
      const { current, listCurrent } = await import("../commands/current.js");
      if (options.json) printJson(await current(projectOptionsOf(command)));
      else printLines(currentLines(await listCurrent(projectOptionsOf(command)), verbose === true));
    });
}
