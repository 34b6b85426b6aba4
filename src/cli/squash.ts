import type { Command } from "commander";
import { logLine } from "../log.js";
import { withProgress } from "./progress.js";
import { logToStderr, printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  program
    .command("squash")
    .description(
      "Replace a run of revisions by one that builds the same schema; databases at any of them keep working",
    )
    .argument(
      "<from:to>",
      "the revisions after <from> up to and including <to> (base:<to> from the first revision)",
    )
    .option("-m, --message <message>", "message of the new revision")
    .option("--rev-id <id>", "revision id to use instead of a random one")
    .option(
      "--shadow-url <url>",
      "replay the migrations on a scratch database created (and dropped) on this server, not the embedded one",
    )
    .action(
      async (
        range: string,
        options: { message?: string; revId?: string; shadowUrl?: string },
        command: Command,
      ) => {
        // Loaded on demand, as `revision` is: the code generator (ts-morph) is slow to load.
        const { SQUASH_LOGGER, squash } = await import("../commands/squash.js");
        const { shadowUrl, ...rest } = options;
        const result = await withProgress("squash: replaying the migrations", () =>
          squash(range, {
            ...projectOptionsOf(command),
            ...rest,
            ...(shadowUrl !== undefined ? { shadow: { url: shadowUrl } } : {}),
          }),
        );
        const first = result.replaces[0];
        const last = result.replaces[result.replaces.length - 1];
        logToStderr(
          logLine(
            "INFO",
            SQUASH_LOGGER,
            `${result.revision} replaces ${result.replaces.length} revisions, ${first} … ${last}. Their files ` +
              `can be deleted once no database is between them (a database at ${last} or beyond reads as ` +
              `being at ${result.revision}); until then, such a database goes on through them.`,
          ),
        );
        if (result.dataSteps.length > 0) {
          logToStderr(
            logLine(
              "WARNING",
              SQUASH_LOGGER,
              `${result.dataSteps.length} of them ran SQL by hand (op.execute) that the new revision does not ` +
                "run; it is listed at the top of the file: copy in what a new database needs",
            ),
          );
        }
        printLines([`Generating ${result.path} ...  done`]);
      },
    );
}
