/**
 * `check --format markdown`: the report a reviewer reads in a pull request comment. Whether the models
 * and migrations agree comes first (it is the verdict), then the operations under their table with each
 * hazard on its own line, the shadow's downgrade findings, and the pending SQL folded in <details> so a
 * long script does not bury the rest. Pure: the same document gives the same text (a golden file).
 */
import { hazardLabel } from "../commands/hazard-policy.js";
import type { CheckDocument } from "./check-document.js";
import { groupByTable } from "./operation-summary.js";

export function checkMarkdown(doc: CheckDocument): string {
  const { report, pending } = doc;
  const blocks: string[] = ["## retort check"];
  if (pending) blocks.push(`**The database is behind its migrations.** ${escapeText(pending.reason)}`);
  if (report) {
    const count = report.operations.length;
    blocks.push(
      count > 0
        ? `**The models and the migrations disagree:** ${count === 1 ? "1 operation" : `${count} operations`} to generate with \`retort revision --autogenerate\`.`
        : "**The models and the migrations agree:** no new upgrade operations detected.",
    );
    for (const group of groupByTable(report.operations)) {
      blocks.push(`### ${code(group.table)}`);
      blocks.push(
        group.operations
          .flatMap((op) => [
            `- ${code(op.description)}`,
            ...op.hazards.map((h) => `  - **${hazardLabel(h.kind)}:** ${escapeText(h.reason)}`),
            ...op.notes.map((note) => `  - ${escapeText(note)}`),
          ])
          .join("\n"),
      );
    }
    if (doc.shadow) {
      blocks.push("### Downgrades");
      blocks.push(
        report.roundTrip.length > 0
          ? `**A downgrade does not restore the schema its upgrade started from:**\n\n${fence("text", report.roundTrip)}`
          : "Every downgrade restores the schema its upgrade started from.",
      );
      if (report.notes.length > 0) blocks.push(fence("text", report.notes));
    }
  }
  if (pending) {
    // A blank line after <summary> and before </details>: CommonMark ends the HTML block there, so the
    // fenced SQL between them is rendered as code rather than swallowed as raw HTML.
    blocks.push(
      `<details>\n<summary>SQL of the pending revisions (upgrade --sql)</summary>\n\n${fence("sql", pending.sql)}\n\n</details>`,
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

/** Prose from the differ may hold `*`, `_`, `<` ...: escaped so it reads as written. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/** A code span long enough that a backtick inside (a quoted identifier) cannot close it. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

/** A fence longer than any backtick run in the lines, so SQL with ``` in a string cannot end it. */
function fence(language: string, lines: readonly string[]): string {
  const longest = Math.max(2, ...lines.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const body = lines.flatMap((line) => line.split("\n"));
  // The script ends with blank lines; inside a fence they would show as an empty tail.
  while (body.length > 0 && body.at(-1)!.trim() === "") body.pop();
  return [`${ticks}${language}`, ...body, ticks].join("\n");
}
