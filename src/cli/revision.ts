import type { Command } from "commander";
import { summariseOperation } from "../commands/check-report.js";
import {
  type AutogenerateFlags,
  addAutogenerateOptions,
  autogeneratePolicyFrom,
  withTerminalAsk,
} from "./autogenerate-options.js";
import { painterFor } from "./colours.js";
import { operationSummary } from "./operation-summary.js";
import { withProgress } from "./progress.js";
import { shadowFrom } from "./shadow-options.js";
import { printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  // Help lists options in the order they are added: what nearly every run uses first (-m,
  // --autogenerate), then what tunes autogenerate, then placing the revision in the graph.
  addAutogenerateOptions(
    program
      .command("revision")
      .description("Create a new revision file")
      .option("-m, --message <message>", "message of the revision")
      .option(
        "--autogenerate",
        "fill upgrade()/downgrade() with the difference between the models and the database",
      ),
  )
    .option(
      "--shadow",
      "with --autogenerate: compare with a throw-away embedded database the migrations are replayed into",
    )
    .option("--shadow-url <url>", "like --shadow, on a scratch database created (and dropped) on this server")
    .option("--allow-empty", "with --autogenerate: write the file even when no changes were detected")
    .option("--head <rev>", "revision the new one follows (default: head; base for a new root)")
    .option("--splice", "allow --head to name a revision that is not a head (starts a new branch)")
    .option("--branch-label <label>", "branch label for the new revision")
    .option(
      "--depends-on <rev>",
      "revision (id, prefix or branch label) the new one depends on; repeatable",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--rev-id <id>", "revision id to use instead of a random one")
    .action(
      async (
        options: {
          message?: string;
          autogenerate?: boolean;
          allowEmpty?: boolean;
          revId?: string;
          head?: string;
          shadow?: boolean;
          shadowUrl?: string;
          splice?: boolean;
          branchLabel?: string;
          dependsOn?: string[];
        } & AutogenerateFlags,
        command: Command,
      ) => {
        // Loaded on demand: the model reader and the code generator are needed by no other command,
        // and none should pay for loading them at start-up.
        const { autogenerate, revision } = await import("../commands/revision.js");
        const shadow = shadowFrom(options);
        const request = {
          ...projectOptionsOf(command),
          ...(options.message !== undefined ? { message: options.message } : {}),
          ...(options.revId !== undefined ? { revId: options.revId } : {}),
          ...(options.head !== undefined ? { head: options.head } : {}),
          ...(options.splice ? { splice: true } : {}),
          ...(options.branchLabel !== undefined ? { branchLabel: options.branchLabel } : {}),
          ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
        };
        const result = await withProgress("revision: comparing the models with the database", () => {
          // Read with or without --autogenerate, so that a mistyped flag is an error either way.
          const policy = withTerminalAsk(autogeneratePolicyFrom(options));
          if (!options.autogenerate) return revision(request);
          return autogenerate({
            ...request,
            ...(shadow ? { shadow } : {}),
            ...(options.allowEmpty ? { allowEmpty: true } : {}),
            ...policy,
          });
        });
        // What was found, grouped by table with hazards highlighted: what to review in the new file.
        const summary = operationSummary(
          result.operations.map(summariseOperation),
          painterFor(process.stderr),
        );
        if (summary.length > 0) process.stderr.write(`${summary.join("\n")}\n`);
        if (!result.written) {
          printLines([
            "No changes in schema detected.",
            "No file written; pass --allow-empty to write an empty revision anyway.",
          ]);
          return;
        }
        printLines([`Generating ${result.path} ...  done`]);
      },
    );
}
