import type { Command } from "commander";
import { headsLines } from "./revision-lines.js";
import { optionsOf, printJson, printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  program
    .command("heads")
    .description("Show the head revision(s) of the migrations directory")
    .option("-v, --verbose", "show each revision in full")
    .option("--resolve-dependencies", "leave out heads that other revisions depend on")
    .option("--json", "print {heads: [revision, ...]} as JSON")
    .action(async (_options: unknown, command: Command) => {
      const { verbose, resolveDependencies, json } = optionsOf<{
        verbose?: boolean;
        resolveDependencies?: boolean;
        json?: boolean;
      }>(command);
      const { heads, listHeads } = await import("../commands/heads.js");
      const options = { ...projectOptionsOf(command), resolveDependencies: resolveDependencies === true };
      if (json) printJson(await heads(options));
      else printLines(headsLines(await listHeads(options), verbose === true));
    });
}
