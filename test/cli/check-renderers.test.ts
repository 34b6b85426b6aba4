/**
 * The pull-request renderers as pure functions: what the database cannot easily produce (a failed
 * downgrade, a note, schema-level objects, text that looks like markdown or ends a workflow command).
 */
import { Parser } from "commonmark";
import { describe, expect, test } from "vitest";
import type { CheckDocument } from "../../src/cli/check-document.js";
import { checkAnnotations } from "../../src/cli/check-github.js";
import { checkMarkdown } from "../../src/cli/check-markdown.js";

const doc: CheckDocument = {
  shadow: true,
  report: {
    upToDate: false,
    operations: [
      {
        kind: "dropColumn",
        schema: "billing",
        table: "invoice_lines",
        description: "drop column `odd*name`",
        hazards: [{ kind: "data-loss", reason: "drops column <b>odd*name</b> and its values" }],
        notes: [],
      },
      {
        kind: "createEnum",
        schema: null,
        table: null,
        description: "create enum mood",
        hazards: [],
        notes: [],
      },
    ],
    detections: [],
    roundTrip: ["downgrade of b1 (x) left:\n  table public.t: column c missing"],
    notes: ["Note: 100% of a column moved"],
  },
};

describe("check renderers", () => {
  test("markdown: schema objects first, tables named with their schema, text escaped, shadow findings", () => {
    const markdown = checkMarkdown(doc);
    expect(markdown).toContain("### `(schema objects)`\n\n- `create enum mood`");
    expect(markdown).toContain("### `billing.invoice_lines`\n\n- `` drop column `odd*name` ``");
    expect(markdown).toContain("  - **DATA LOSS:** drops column \\<b\\>odd\\*name\\</b\\> and its values");
    expect(markdown).toContain("```text\ndowngrade of b1 (x) left:\n  table public.t: column c missing\n```");
    // Escaped, no raw HTML reaches the comment.
    const walker = new Parser().parse(markdown).walker();
    for (let event = walker.next(); event; event = walker.next())
      expect(event.node.type).not.toMatch(/^html/);
  });

  test("markdown: up to date, no shadow", () => {
    expect(
      checkMarkdown({ shadow: false, report: { ...doc.report!, operations: [], roundTrip: [], notes: [] } }),
    ).toBe(
      "## retort check\n\n**The models and the migrations agree:** no new upgrade operations detected.\n",
    );
  });

  test("github: newlines and % escaped so each finding stays one command", () => {
    expect(checkAnnotations(doc)).toEqual([
      "::error title=Models and migrations disagree::2 operations to generate with 'retort revision --autogenerate': (schema objects): create enum mood; billing.invoice_lines: drop column `odd*name`",
      "::error title=DATA LOSS::billing.invoice_lines: drop column `odd*name`: drops column <b>odd*name</b> and its values",
      "::error title=Downgrade does not restore the schema::downgrade of b1 (x) left:%0A  table public.t: column c missing",
      "::notice title=Downgrade moves a column::Note: 100%25 of a column moved",
    ]);
  });
});
