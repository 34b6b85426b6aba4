import type { Command } from "commander";
import { history } from "../commands/history.js";
import { configFor, optionsOf, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("history")
    .description("List the revisions, newest first")
    .option("-v, --verbose", "show each revision in full")
    .option("-r, --rev-range <range>", "[start]:[end], [start]: or :[end] (ids, base, heads, current, -N)")
    .option("-i, --indicate-current", "mark the database's current revision(s)")
    .action(async (_options: unknown, command: Command) => {
      const { verbose, revRange, indicateCurrent } = optionsOf<{
        revRange?: string;
        indicateCurrent?: boolean;
      }>(command);
      const lines = await history(await configFor(command), {
        verbose: verbose === true,
        indicateCurrent: indicateCurrent === true,
        ...(revRange !== undefined ? { range: revRange } : {}),
      });
      printLines(lines);
    });
}
