/**
 * `check --format github`: GitHub Actions workflow commands, which the runner turns into annotations on
 * the run and the pull request. One per hazard (data loss is an error, the rest warnings: they are worth
 * a look, not a block), one when the models and migrations disagree, one per failed downgrade, and one
 * when the database is behind. Pure, as the markdown renderer.
 */
import { hazardLabel } from "../commands/hazard-policy.js";
import type { CheckDocument } from "./check-document.js";
import { groupByTable } from "./operation-summary.js";

export function checkAnnotations(doc: CheckDocument): string[] {
  const { report, pending } = doc;
  const lines: string[] = [];
  if (pending) lines.push(command("error", "Database behind its migrations", pending.reason));
  if (!report) return lines;
  const groups = groupByTable(report.operations);
  if (report.operations.length > 0) {
    const count = report.operations.length;
    lines.push(
      command(
        "error",
        "Models and migrations disagree",
        `${count === 1 ? "1 operation" : `${count} operations`} to generate with 'retort revision --autogenerate': ${groups.flatMap((g) => g.operations.map((op) => `${g.table}: ${op.description}`)).join("; ")}`,
      ),
    );
  }
  for (const group of groups)
    for (const op of group.operations)
      for (const hazard of op.hazards)
        lines.push(
          command(
            hazard.kind === "data-loss" ? "error" : "warning",
            hazardLabel(hazard.kind),
            `${group.table}: ${op.description}: ${hazard.reason}`,
          ),
        );
  for (const problem of report.roundTrip)
    lines.push(command("error", "Downgrade does not restore the schema", problem));
  for (const note of report.notes) lines.push(command("notice", "Downgrade moves a column", note));
  return lines;
}

// GitHub's escaping for workflow commands: a newline would end the command, and in a property a
// ':' or ',' would end the property.
function command(level: "error" | "warning" | "notice", title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
