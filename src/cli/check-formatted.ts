/**
 * `check --format markdown|github`: check, then the report for a pull request. The report is printed
 * before check fails, and --fail-on-hazard is applied after it is printed rather than inside check:
 * the failing case is the one a reviewer most needs to read. The exit status stays check's.
 */
import type { CheckOptions } from "../commands/check.js";
import type { CheckReport } from "../commands/check-report.js";
import { enforceHazardPolicy } from "../commands/hazard-policy.js";
import { TargetNotUpToDateError } from "../errors.js";
import type { HazardKind } from "../ops/operations.js";
import type { CheckDocument } from "./check-document.js";
import { checkAnnotations } from "./check-github.js";
import { checkMarkdown } from "./check-markdown.js";
import { printLines } from "./shared.js";

export type ReportFormat = "markdown" | "github";

/** `options`: what `run` checks with, for the pending SQL when the database is behind. */
export async function printCheckReport(
  options: CheckOptions,
  format: ReportFormat,
  failOnHazard: readonly HazardKind[],
  run: () => Promise<CheckReport>,
): Promise<CheckReport> {
  let report: CheckReport | undefined;
  let behind: TargetNotUpToDateError | undefined;
  try {
    report = await run();
  } catch (error) {
    if (!(error instanceof TargetNotUpToDateError)) throw error;
    behind = error;
  }
  const doc: CheckDocument = {
    ...(report ? { report } : {}),
    ...(behind ? { pending: { reason: behind.message, sql: await pendingSql(options) } } : {}),
    shadow: Boolean(options.shadow),
  };
  printLines(format === "markdown" ? [checkMarkdown(doc).trimEnd()] : checkAnnotations(doc));
  if (behind || !report) throw behind;
  enforceHazardPolicy(report.operations, failOnHazard);
  return report;
}

/**
 * What `upgrade heads --sql` prints: from where the database is (read, not written) to the heads.
 * Without a log: its `Running upgrade ...` lines would say that this command ran them.
 */
async function pendingSql(options: CheckOptions): Promise<string[]> {
  const { upgrade } = await import("../commands/upgrade.js");
  const { log: _quiet, ...project } = options;
  const { sql } = await upgrade("heads", { ...project, sql: true });
  return [...(sql ?? [])];
}
