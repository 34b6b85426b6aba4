import type { Command } from "commander";
import { RetortError } from "../errors.js";
import { drawGraph } from "../graph/draw-graph.js";
import { historyLines } from "./revision-lines.js";
import { optionsOf, printJson, printLines, projectOptionsOf } from "./shared.js";

export function register(program: Command): void {
  program
    .command("history")
    .description("List the revisions, newest first")
    // Alembic's order: the range first.
    .option("-r, --rev-range <range>", "[start]:[end], [start]: or :[end] (ids, base, heads, current, -N)")
    .option("-v, --verbose", "show each revision in full")
    .option("-i, --indicate-current", "mark the database's current revision(s)")
    .option("--graph", "draw the branches and merges as git log --graph does, current revision(s) marked")
    .option("--json", "print {revisions: [revision, ...]} as JSON, newest first")
    .action(async (_options: unknown, command: Command) => {
      const { verbose, revRange, indicateCurrent, json } = optionsOf<{
        verbose?: boolean;
        revRange?: string;
        indicateCurrent?: boolean;
        json?: boolean;
      }>(command);
      const { graph } = optionsOf<{ graph?: boolean }>(command);
      if (graph && (verbose || json)) {
        throw new RetortError(
          "history --graph draws one line per revision: it takes neither --verbose nor --json",
        );
      }
      const { history, listHistory } = await import("../commands/history.js");
      const options = {
        ...projectOptionsOf(command),
        indicateCurrent: indicateCurrent === true,
        ...(revRange !== undefined ? { range: revRange } : {}),
      };
      if (graph) {
        // The current revisions are marked whenever the database can be read (see listHistory).
        const { map, ids, current } = await listHistory(options, { currentIfReachable: true });
        printLines(drawGraph(map, ids, { current }));
      } else if (json) printJson(await history(options));
      else
        printLines(
          historyLines(await listHistory(options), {
            verbose: verbose === true,
            indicateCurrent: indicateCurrent === true,
          }),
        );
    });
}
