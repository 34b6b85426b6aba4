import type { Command } from "commander";
import { printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  program
    .command("merge")
    .description("Merge revisions (usually 'heads') into one: writes a revision with several parents")
    .argument("<revisions...>", "heads, or the revisions to merge")
    .option("-m, --message <message>", "message of the merge revision")
    .option("--branch-label <label>", "branch label for the new revision")
    .option("--rev-id <id>", "revision id to use instead of a random one")
    .option("--splice", "allow revisions that are not heads")
    .action(
      async (
        revisions: string[],
        options: { message?: string; branchLabel?: string; revId?: string; splice?: boolean },
        command: Command,
      ) => {
        // Loaded on demand, as `revision` is: no other command needs the code generator.
        const { merge } = await import("../commands/merge.js");
        const result = await merge(revisions, { ...projectOptionsOf(command), ...options });
        printLines([`Generating ${result.path} ...  done`]);
      },
    );
}
