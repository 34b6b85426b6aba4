/**
 * `check --format markdown|github` through the built CLI against a real database, compared with golden
 * files (fixed revision ids, nothing dated), and the markdown parsed as CommonMark to check it renders
 * as a reviewer would see it: headings, the list items, the <details> block with its SQL.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Node, Parser } from "commonmark";
import { afterAll, beforeAll, expect, test } from "vitest";
import { databaseKind, describeWithDatabase, query, urlFor, useDatabase } from "../support/database.js";
import { createConfiguredProject, type Project } from "../support/project.js";

const goldenDir = path.join(import.meta.dirname, "../fixtures/golden");

/** Compare with the golden file; UPDATE_GOLDEN=1 (or a missing file) writes it instead, for review. */
function expectGolden(name: string, text: string): void {
  const file = path.join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

function nodesOf(markdown: string): Node[] {
  const nodes: Node[] = [];
  const walker = new Parser().parse(markdown).walker();
  for (let event = walker.next(); event; event = walker.next()) if (event.entering) nodes.push(event.node);
  return nodes;
}

/** The text under a node, its code spans included. */
function textOf(node: Node): string {
  if (node.literal !== null && (node.type === "text" || node.type === "code")) return node.literal;
  let text = "";
  for (let child = node.firstChild; child; child = child.next) text += textOf(child);
  return text;
}

describeWithDatabase("check --format markdown and github", () => {
  const db = useDatabase("retort_check_report");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });

  beforeAll(async () => {
    project = createConfiguredProject("users-app");
    expect(
      retort("revision", "--autogenerate", "-m", "create users", "--rev-id", "a00000000001").status,
    ).toBe(0);
    expect(retort("upgrade", "head").status).toBe(0);
    // A column the models lost (data loss) and one they gained that the rows cannot take (may fail).
    await query(
      db().url,
      "ALTER TABLE users ADD COLUMN extra text; INSERT INTO users (name, age) VALUES ('ada', 36)",
    );
    const entity = path.join(project.dir, "src/entity/User.ts");
    writeFileSync(
      entity,
      readFileSync(entity, "utf8").replace(/}\s*$/, "\n  @Column()\n  score!: number;\n}\n"),
    );
  });
  afterAll(() => project?.remove());

  test("markdown: the verdict, the operations under their table, each hazard its own list item", () => {
    const result = retort("check", "--format", "markdown");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^FAILED: New upgrade operations detected: 2 to generate/m);
    expectGolden("check.md", result.stdout);

    const nodes = nodesOf(result.stdout);
    const headings = nodes.filter((n) => n.type === "heading").map((n) => [n.level, textOf(n)]);
    expect(headings).toEqual([
      [2, "retort check"],
      [3, "users"],
    ]);
    const items = nodes.filter((n) => n.type === "item").map((n) => textOf(n.firstChild!));
    expect(items).toEqual([
      "add column score integer NOT NULL",
      expect.stringMatching(/^MAY FAIL: users\.score: users has rows/),
      "drop column extra",
      "DATA LOSS: drops column users.extra and its values",
    ]);
  });

  test("github: one annotation for the disagreement and one per hazard", () => {
    const result = retort("check", "--format", "github");
    expect(result.status).toBe(1);
    expectGolden("check.github.txt", result.stdout);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.map((line) => line.match(/^::(\w+) title=([^:]*)::/)?.slice(1))).toEqual([
      ["error", "Models and migrations disagree"],
      ["warning", "MAY FAIL"],
      ["error", "DATA LOSS"],
    ]);
  });

  test("--fail-on-hazard data-loss: the report is printed, then check fails on the hazard", () => {
    const result = retort("check", "--format", "markdown", "--fail-on-hazard", "data-loss");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(readFileSync(path.join(goldenDir, "check.md"), "utf8"));
    expect(result.stderr).toMatch(
      /^FAILED: Refusing operations with hazards \(--fail-on-hazard data-loss\)/m,
    );
  });

  test("a database behind its migrations: the pending SQL in a <details> block", () => {
    expect(retort("revision", "-m", "later", "--rev-id", "c00000000003").status).toBe(0);
    const result = retort("check", "--format", "markdown");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("FAILED: Target database is not up to date. Pending: c00000000003 (later)\n");
    expectGolden("check-behind.md", result.stdout);

    const nodes = nodesOf(result.stdout);
    const html = nodes.filter((n) => n.type === "html_block").map((n) => n.literal?.trim());
    expect(html).toEqual([
      "<details>\n<summary>SQL of the pending revisions (upgrade --sql)</summary>",
      "</details>",
    ]);
    const sql = nodes.find((n) => n.type === "code_block" && n.info === "sql");
    expect(sql?.literal).toContain(
      `UPDATE "public"."retort_version" SET version_num = 'c00000000003' WHERE version_num = 'a00000000001';`,
    );

    const github = retort("check", "--format", "github");
    expect(github.status).toBe(1);
    expect(github.stdout).toBe(
      "::error title=Database behind its migrations::Target database is not up to date. Pending: c00000000003 (later)\n",
    );
  });

  test("--shadow: the report says whether every downgrade restores its schema", () => {
    // A scratch database on the server, or the embedded shadow when the tests have no server.
    const shadow = databaseKind === "server" ? ["--shadow-url", urlFor("postgres")] : ["--shadow"];
    const result = retort("check", ...shadow, "--format", "markdown", "-q");
    expect(result.status).toBe(1);
    const headings = nodesOf(result.stdout)
      .filter((n) => n.type === "heading")
      .map((n) => textOf(n));
    expect(headings).toEqual(["retort check", "users", "Downgrades"]);
    expect(result.stdout).toContain(
      "### Downgrades\n\nEvery downgrade restores the schema its upgrade started from.\n",
    );
  });
});
