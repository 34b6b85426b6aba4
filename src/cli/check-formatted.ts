/**
 * `check --format markdown|github`: check, then the report for a pull request. The report is printed
 * before check fails, and --fail-on-hazard is applied after it is printed rather than inside check:
 * the failing case is the one a reviewer most needs to read. The exit status stays check's.
 */
import type { CheckResult } from "../commands/check.js";
import { checkReport } from "../commands/check-report.js";
import { enforceHazardPolicy } from "../commands/hazard-policy.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { TargetNotUpToDateError } from "../errors.js";
import type { HazardKind } from "../ops/operations.js";
import type { CheckDocument } from "./check-document.js";
import { checkAnnotations } from "./check-github.js";
import { checkMarkdown } from "./check-markdown.js";
import { printLines } from "./shared.js";

export type ReportFormat = "markdown" | "github";

export async function printCheckReport(
  config: ResolvedConfig,
  format: ReportFormat,
  shadow: boolean,
  failOnHazard: readonly HazardKind[],
  run: () => Promise<CheckResult>,
): Promise<CheckResult> {
  let result: CheckResult | undefined;
  let behind: TargetNotUpToDateError | undefined;
  try {
    result = await run();
  } catch (error) {
    if (!(error instanceof TargetNotUpToDateError)) throw error;
    behind = error;
  }
  const doc: CheckDocument = {
    ...(result ? { report: checkReport(result) } : {}),
    ...(behind ? { pending: { reason: behind.message, sql: await pendingSql(config) } } : {}),
    shadow,
  };
  printLines(format === "markdown" ? [checkMarkdown(doc).trimEnd()] : checkAnnotations(doc));
  if (behind || !result) throw behind;
  enforceHazardPolicy(result.operations, failOnHazard);
  return result;
}

/** What `upgrade heads --sql` prints: from where the database is (read, not written) to the heads. */
async function pendingSql(config: ResolvedConfig): Promise<string[]> {
  const { upgrade } = await import("../commands/upgrade.js");
  const { sql } = await upgrade(config, "heads", { sql: true });
  return [...(sql ?? [])];
}
