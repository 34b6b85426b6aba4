import type { Command } from "commander";
import { heads } from "../commands/heads.js";
import { configFor, optionsOf, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("heads")
    .description("Show the head revision(s) of the migrations directory")
    .option("-v, --verbose", "show each revision in full")
    .option("--resolve-dependencies", "leave out heads that other revisions depend on")
    .action(async (_options: unknown, command: Command) => {
      const { verbose, resolveDependencies } = optionsOf<{ resolveDependencies?: boolean }>(command);
      printLines(
        await heads(await configFor(command), {
          verbose: verbose === true,
          resolveDependencies: resolveDependencies === true,
        }),
      );
    });
}
