/** Finding and loading migration files: which files count, what they must export, the message. */
import { afterEach, describe, expect, test } from "vitest";
import {
  firstParagraph,
  headerComment,
  isMigrationFile,
  loadScriptDirectory,
} from "../../src/runner/script-directory.js";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

describe("which files are migrations", () => {
  test.for([
    ["1975ea83b712_create.ts", true],
    ["a.mts", true],
    ["a.cts", true],
    ["a.js", true],
    ["a.mjs", true],
    ["a.cjs", true],
    ["a.d.ts", false],
    ["a.d.mts", false],
    ["README.md", false],
    ["a.ts.map", false],
  ] as const)("%s → %s", ([name, expected]) => {
    expect(isMigrationFile(name)).toBe(expected);
  });
});

describe("the header comment", () => {
  const source = `/**
 * add user avatar field
 *
 * Revision ID: 3f2a9c1b7d4e
 * Revises: 9b1c0d2e4f6a
 * Create Date: 2026-11-24 10:15:00.000
 */
import type { MigrationContext } from "retort";
/** not this one */
`;

  test("is the leading doc comment without its gutter", () => {
    expect(headerComment(source)).toBe(
      "add user avatar field\n\nRevision ID: 3f2a9c1b7d4e\nRevises: 9b1c0d2e4f6a\nCreate Date: 2026-11-24 10:15:00.000",
    );
  });

  test.for([
    [
      "after line comments and a shebang",
      `#!/usr/bin/env node\n// eslint-disable\n\n/** the message */\n`,
      "the message",
    ],
    ["on one line", "/** one line */ export const x = 1;", "one line"],
    ["absent when code comes first", "export const x = 1;\n/** late */", undefined],
  ] as const)("%s", ([, text, expected]) => {
    expect(headerComment(text)).toBe(expected);
  });

  test("the message is the first paragraph, on one line", () => {
    expect(firstParagraph("add a column\nto account\n\nRevision ID: x")).toBe("add a column to account");
    expect(firstParagraph("")).toBe("");
  });
});

describe("loading a directory", () => {
  let project: MigrationsProject | undefined;
  afterEach(() => {
    project?.remove();
    project = undefined;
  });

  test("reads ids, parents, labels, dependencies and the message; skips other files", async () => {
    project = createMigrationsProject([
      { id: "aaa111", down: null, message: "first", upgrade: "", downgrade: "" },
      { id: "bbb222", down: null, message: "other base", upgrade: "", downgrade: "" },
    ]);
    project.writeFile(
      "migrations/ccc333_merge.mjs",
      `/**\n * merge them\n */\nexport const revision = "ccc333";\nexport const downRevision = ["aaa111", "bbb222"];\n` +
        `export const branchLabels = "main";\nexport const dependsOn = null;\n` +
        "export function upgrade() {}\nexport function downgrade() {}\n",
    );
    project.writeFile("migrations/types.d.ts", "export declare const x: number;\n");
    project.writeFile("migrations/notes.md", "# not a migration\n");

    const scripts = await loadScriptDirectory(`${project.dir}/migrations`);
    expect(scripts.map.revisions.map((r) => [r.id, r.downRevisions, r.message])).toEqual([
      ["aaa111", [], "first"],
      ["bbb222", [], "other base"],
      ["ccc333", ["aaa111", "bbb222"], "merge them"],
    ]);
    expect(scripts.map.get("ccc333").branchLabels).toEqual(["main"]);
    expect(scripts.map.get("aaa111").createDate).toBe("2026-11-24 10:15:00.000");
    expect(scripts.map.get("aaa111").path).toBe(`${project.dir}/migrations/aaa111_first.ts`);
    expect(typeof scripts.script("ccc333").upgrade).toBe("function");
  });

  test.for([
    [
      "no revision",
      `export const downRevision = null;\nexport function upgrade() {}\nexport function downgrade() {}\n`,
      "does not export `revision` (a string)",
    ],
    [
      "no downRevision",
      `export const revision = "x1";\nexport function upgrade() {}\nexport function downgrade() {}\n`,
      "does not export `downRevision`",
    ],
    [
      "no upgrade",
      `export const revision = "x1";\nexport const downRevision = null;\nexport function downgrade() {}\n`,
      "does not export an `upgrade` function",
    ],
    [
      "no downgrade",
      `export const revision = "x1";\nexport const downRevision = null;\nexport function upgrade() {}\n`,
      "does not export a `downgrade` function",
    ],
    [
      "a bad downRevision",
      `export const revision = "x1";\nexport const downRevision = 5;\nexport function upgrade() {}\nexport function downgrade() {}\n`,
      "exports a `downRevision` that is not",
    ],
  ] as const)("%s is an error naming the file", async ([, text, message]) => {
    project = createMigrationsProject();
    const file = project.writeFile("migrations/x1_bad.ts", text);
    await expect(loadScriptDirectory(`${project.dir}/migrations`)).rejects.toThrow(
      `Migration file ${file} ${message}`,
    );
  });

  test("a missing directory points at init", async () => {
    await expect(loadScriptDirectory("/nonexistent/migrations")).rejects.toThrow(
      "Path doesn't exist: /nonexistent/migrations.  Please use the 'init' command to create a new migrations directory.",
    );
  });
});
