import type { Command } from "commander";
import { revision } from "../commands/revision.js";
import { shadowFrom } from "./shadow-options.js";
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
    .option(
      "--shadow",
      "with --autogenerate: compare with a throw-away embedded database the migrations are replayed into",
    )
    .option("--shadow-url <url>", "like --shadow, on a scratch database created (and dropped) on this server")
    .option("--head <rev>", "revision the new one follows (default: head)")
    .action(
      async (
        options: {
          message?: string;
          autogenerate?: boolean;
          revId?: string;
          head?: string;
          shadow?: boolean;
          shadowUrl?: string;
        },
        command: Command,
      ) => {
        const { shadow: _shadow, shadowUrl: _shadowUrl, ...rest } = options;
        const shadow = shadowFrom(options);
        const result = await revision(await configFor(command), {
          ...rest,
          ...(shadow ? { shadow } : {}),
          autogenerate: options.autogenerate === true,
          log: logToStderr,
        });
        printLines([`Generating ${result.path} ...  done`]);
      },
    );
}
