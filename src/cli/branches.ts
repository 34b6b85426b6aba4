import type { Command } from "commander";
import { branchesLines } from "./revision-lines.js";
import { optionsOf, printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  program
    .command("branches")
    .description("Show the branch points and the revisions they branch into")
    .option("-v, --verbose", "show each branch point in full")
    .action(async (_options: unknown, command: Command) => {
      const { verbose } = optionsOf<{ verbose?: boolean }>(command);
      const { listBranchPoints } = await import("../commands/branches.js");
      printLines(branchesLines(await listBranchPoints(projectOptionsOf(command)), verbose === true));
    });
}
