import type { Command } from "commander";
import { configFor, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("show")
    .description("Show a revision in full: <rev>, head, heads, <branch>@head, or current")
    .argument("<rev>", "revision to show")
    .action(async (rev: string, _options: unknown, command: Command) => {
      const { show } = await import("../commands/show.js");
      printLines(await show(await configFor(command), rev));
    });
}
