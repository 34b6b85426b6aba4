import type { Command } from "commander";
import { check } from "../commands/check.js";
import { hazardLines } from "../commands/hazard-policy.js";
import { RetortError } from "../errors.js";
import {
  type AutogenerateFlags,
  addAutogenerateOptions,
  autogenerateOptionsFrom,
} from "./autogenerate-options.js";
import { addShadowOptions, type ShadowFlags, shadowFrom } from "./shadow-options.js";
import { configFor, logToStderr, printLines } from "./shared.js";

export function register(program: Command): void {
  addAutogenerateOptions(
    addShadowOptions(
      program
        .command("check")
        .description("Exit 1 and list the operations if the models and the database differ"),
      "check against it, every downgrade included",
    ),
  ).action(async (options: ShadowFlags & AutogenerateFlags, command: Command) => {
    const shadow = shadowFrom(options);
    const { detections, operations, roundTrip } = await check(await configFor(command), {
      ...(shadow ? { shadow, log: logToStderr } : {}),
      autogenerateOptions: autogenerateOptionsFrom(options),
    });
    printLines(detections.length === 0 ? ["No new upgrade operations detected."] : detections);
    printLines(hazardLines(operations));
    printLines(roundTrip);
    const failures = [
      ...(detections.length > 0
        ? [
            `New upgrade operations detected: ${detections.length} to generate with 'retort revision --autogenerate'`,
          ]
        : []),
      ...(roundTrip.length > 0 ? ["A downgrade does not restore the schema its upgrade started from"] : []),
    ];
    if (failures.length > 0) throw new RetortError(failures.join("; "));
  });
}
