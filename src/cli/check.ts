import { type Command, Option } from "commander";
import type { CheckOptions } from "../commands/check.js";
import type { CheckReport } from "../commands/check-report.js";
import { RetortError } from "../errors.js";
import { logLine } from "../log.js";
import {
  type AutogenerateFlags,
  addAutogenerateOptions,
  autogeneratePolicyFrom,
} from "./autogenerate-options.js";
import { printCheckReport, type ReportFormat } from "./check-formatted.js";
import { painterFor } from "./colours.js";
import { operationSummary } from "./operation-summary.js";
import { withProgress } from "./progress.js";
import { addShadowOptions, type ShadowFlags, shadowFrom } from "./shadow-options.js";
import { logToStderr, printJson, printLines, projectOptionsOf } from "./shared.js";
import { addTenantOptions, refuseWithoutTenants, refuseWithTenants, type TenantFlags } from "./tenants.js";

export function register(program: Command): void {
  // The output format last, as on current, history and heads.
  addTenantOptions(
    addAutogenerateOptions(
      addShadowOptions(
        program
          .command("check")
          .description("Exit 1 and list the operations if the models and the database differ"),
        "check against it, every downgrade included",
      ),
    ),
    false,
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
    .action(async (flags: CheckFlags, command: Command) => {
      const shadow = shadowFrom(flags);
      if (flags.tenants !== undefined) {
        refuseWithTenants(flags, "--format", flags.format !== undefined);
        refuseWithTenants(flags, "--shadow", shadow !== undefined);
        // check --tenants counts each tenant's operations; renames and hazards are the plain check's.
        refuseWithTenants(
          flags,
          "--rename, --rename-table, --online and --fail-on-hazard",
          [flags.rename, flags.renameTable, flags.online, flags.failOnHazard].some((f) => f !== undefined),
        );
        return (await import("./tenant-commands.js")).checkTenantsCommand(flags, command);
      }
      refuseWithoutTenants(flags, false);
      const { check } = await import("../commands/check.js");
      // Read inside check's run, so that with --json a bad --fail-on-hazard is reported as JSON too.
      const options = (): CheckOptions => ({
        ...projectOptionsOf(command),
        ...(shadow ? { shadow } : {}),
        ...autogeneratePolicyFrom(flags),
      });
      const comparing = "check: comparing the models with the database";
      if (flags.format) {
        // --fail-on-hazard is held back until the report is printed (see check-formatted.ts).
        const { failOnHazard = [], ...rest } = options();
        const report = await printCheckReport(rest, flags.format, failOnHazard, () =>
          withProgress(comparing, () => check(rest)),
        );
        throwIfDifferent(report);
        return;
      }
      const report = await withProgress(comparing, () => check(options())).catch((error: unknown) => {
        // A script reading stdout gets a document either way: the reason, then the usual FAILED line.
        if (flags.json) printJson({ error: error instanceof Error ? error.message : String(error) });
        throw error;
      });
      if (flags.json) printJson(report);
      else {
        // As revision --autogenerate: Alembic's "Detected ..." lines are log lines, and the result is the
        // summary grouped by table with each hazard under its operation (here on stdout: it is the output).
        for (const detection of report.detections)
          logToStderr(logLine("INFO", "retort.autogenerate.compare", detection));
        printLines(
          report.operations.length === 0
            ? ["No new upgrade operations detected."]
            : operationSummary(report.operations, painterFor(process.stdout)),
        );
        printLines(report.roundTrip);
        printLines(report.notes);
      }
      throwIfDifferent(report);
    });
}

type CheckFlags = ShadowFlags & AutogenerateFlags & TenantFlags & { json?: boolean; format?: ReportFormat };

/** check's exit status: 1 when autogenerate would generate something or a downgrade does not round-trip. */
function throwIfDifferent({ detections, roundTrip }: CheckReport): void {
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
