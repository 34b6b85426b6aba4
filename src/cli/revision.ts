import type { Command } from "commander";
import { revision } from "../commands/revision.js";
import { configFor, logToStderr, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("revision")
    .description("Create a new revision file")
    .option("-m, --message <message>", "message of the revision")
    .option(
      "--autogenerate",
      "fill upgrade()/downgrade() with the difference between the models and the database",
    )
    .option("--rev-id <id>", "revision id to use instead of a random one")
    .option("--head <rev>", "revision the new one follows (default: head)")
    .action(
      async (
        options: { message?: string; autogenerate?: boolean; revId?: string; head?: string },
        command: Command,
      ) => {
        const result = await revision(await configFor(command), {
          ...options,
          autogenerate: options.autogenerate === true,
          log: logToStderr,
        });
        printLines([`Generating ${result.path} ...  done`]);
      },
    );
}
