import { type Command, Option } from "commander";
import type { CheckResult } from "../commands/check.js";
import { checkReport } from "../commands/check-report.js";
import { RetortError } from "../errors.js";
import { logLine } from "../log.js";
import {
  type AutogenerateFlags,
  addAutogenerateOptions,
  autogenerateOptionsFrom,
} from "./autogenerate-options.js";
import { printCheckReport, type ReportFormat } from "./check-formatted.js";
import { painterFor } from "./colours.js";
import { operationSummary } from "./operation-summary.js";
import { withProgress } from "./progress.js";
import { addShadowOptions, type ShadowFlags, shadowFrom } from "./shadow-options.js";
import { configFor, logToStderr, printJson, printLines } from "./shared.js";

export function register(program: Command): void {
  // The output format last, as on current, history and heads.
  addAutogenerateOptions(
    addShadowOptions(
      program
        .command("check")
        .description("Exit 1 and list the operations if the models and the database differ"),
      "check against it, every downgrade included",
    ),
  )
    .option("--json", "print the result as JSON: {upToDate, operations, detections, roundTrip, notes}")
    .addOption(
      new Option(
        "--format <format>",
        "print a report for a pull request: markdown (a comment) or github (Actions annotations)",
      )
        .choices(["markdown", "github"])
        .conflicts("json"),
    )
    .action(async (options: CheckFlags, command: Command) => {
      const shadow = shadowFrom(options);
      const config = await configFor(command);
      const { check } = await import("../commands/check.js");
      if (options.format) {
        // --fail-on-hazard is held back until the report is printed (see check-formatted.ts).
        const { failOnHazard = [], ...autogenerateOptions } = autogenerateOptionsFrom(options);
        const result = await printCheckReport(
          config,
          options.format,
          shadow !== undefined,
          failOnHazard,
          () =>
            withProgress("check: comparing the models with the database", () =>
              check(config, { ...(shadow ? { shadow, log: logToStderr } : {}), autogenerateOptions }),
            ),
        );
        throwIfDifferent(result);
        return;
      }
      const result = await withProgress("check: comparing the models with the database", () =>
        check(config, {
          ...(shadow ? { shadow, log: logToStderr } : {}),
          autogenerateOptions: autogenerateOptionsFrom(options),
        }),
      ).catch((error: unknown) => {
        // A script reading stdout gets a document either way: the reason, then the usual FAILED line.
        if (options.json) printJson({ error: error instanceof Error ? error.message : String(error) });
        throw error;
      });
      const { detections, operations, roundTrip, notes } = result;
      if (options.json) printJson(checkReport(result));
      else {
        // As revision --autogenerate: Alembic's "Detected ..." lines are log lines, and the result is the
        // summary grouped by table with each hazard under its operation (here on stdout: it is the output).
        for (const detection of detections)
          logToStderr(logLine("INFO", "retort.autogenerate.compare", detection));
        printLines(
          operations.length === 0
            ? ["No new upgrade operations detected."]
            : operationSummary(operations, painterFor(process.stdout)),
        );
        printLines(roundTrip);
        printLines(notes);
      }
      throwIfDifferent(result);
    });
}

type CheckFlags = ShadowFlags & AutogenerateFlags & { json?: boolean; format?: ReportFormat };

/** check's exit status: 1 when autogenerate would generate something or a downgrade does not round-trip. */
function throwIfDifferent({ detections, roundTrip }: CheckResult): void {
  const failures = [
    ...(detections.length > 0
      ? [
          `New upgrade operations detected: ${detections.length} to generate with 'retort revision --autogenerate'`,
        ]
      : []),
    ...(roundTrip.length > 0 ? ["A downgrade does not restore the schema its upgrade started from"] : []),
  ];
  if (failures.length > 0) throw new RetortError(failures.join("; "));
}
