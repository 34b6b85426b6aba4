import type { Command } from "commander";
import { check } from "../commands/check.js";
import { RetortError } from "../errors.js";
import { configFor, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("check")
    .description("Exit 1 and list the operations if the models and the database differ")
    .action(async (_options: unknown, command: Command) => {
      const { detections } = await check(await configFor(command));
      if (detections.length === 0) {
        printLines(["No new upgrade operations detected."]);
        return;
      }
      printLines(detections);
      throw new RetortError(
        `New upgrade operations detected: ${detections.length} to generate with 'retort revision --autogenerate'`,
      );
    });
}
