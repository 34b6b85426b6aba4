import type { Command } from "commander";
import { showLines } from "./revision-lines.js";
import { printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  program
    .command("show")
    .description("Show a revision in full: <rev>, head, heads, <branch>@head, or current")
    .argument("<rev>", "revision to show")
    .action(async (rev: string, _options: unknown, command: Command) => {
      const { listShown } = await import("../commands/show.js");
      printLines(showLines(await listShown(rev, projectOptionsOf(command))));
    });
}
