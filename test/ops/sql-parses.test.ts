/**
 * What retort runs and what `--sql` prints parses with libpg_query, PostgreSQL's own grammar as a
 * library: the parser squawk (and pganalyze, pgFormatter's successors...) lint migrations with. Every
 * operation kind, forwards and inverted, with ordinary and with hostile names; and whole `--sql`
 * scripts of the bundled example.
 */
import { cpSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "libpg-query";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Operation } from "../../src/ops/operations.js";
import { reverse } from "../../src/ops/reverse.js";
import { toSql } from "../../src/ops/sql.js";
import { createProject, type Project } from "../support/project.js";
import { sampleOperations } from "../support/sample-operations.js";

/** The samples with every table, schema and column name made hostile, the way a user could spell them. */
function hostile(op: Operation): Operation {
  // Values only: a name followed by `:` is a key of the operation object.
  const text = JSON.stringify(op)
    .replace(/"users"(?!:)/g, JSON.stringify('us"ers; drop table x; --'))
    .replace(/"audit"(?!:)/g, JSON.stringify("Audit Ünï"))
    .replace(/"name"(?!:)/g, JSON.stringify("select"));
  return JSON.parse(text) as Operation;
}

async function statementsParse(sql: string): Promise<number> {
  const tree = await parse(sql);
  return tree.stmts?.length ?? 0;
}

describe("every operation's SQL parses with libpg_query (squawk's parser)", () => {
  const cases = sampleOperations.flatMap((op, i) => [
    [`${i} ${op.kind}`, op] as const,
    [`${i} ${op.kind} reversed`, reverse(op)] as const,
    [`${i} ${op.kind} with hostile names`, hostile(op)] as const,
  ]);

  test("the hostile samples do hold the hostile names, quoted", () => {
    const sql = sampleOperations.map(hostile).flatMap(toSql).join("\n");
    expect(sql).toContain('"us""ers; drop table x; --"');
    expect(sql).toContain('"Audit Ünï"');
    expect(sql.replace(/"(?:[^"]|"")*"/g, "").replace(/'(?:[^']|'')*'/g, "")).not.toContain("drop table x");
  });

  test.each(cases)("%s", async (_name, op) => {
    for (const statement of toSql(op)) {
      expect(await statementsParse(statement), statement).toBe(1);
    }
  });
});

describe("--sql scripts parse as a whole", () => {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  let project: Project;
  beforeAll(() => {
    project = createProject();
    cpSync(path.join(repoRoot, "examples/blog"), project.dir, { recursive: true });
  });
  afterAll(() => project?.remove());

  test.each([
    ["upgrade", "base:head"],
    ["downgrade", "head:base"],
  ])("%s %s --sql", async (command, range) => {
    const result = project.run([command!, range!, "--sql"]);
    expect(result.status, result.stderr).toBe(0);
    // BEGIN, the version table, the migrations' statements, the version rows, COMMIT.
    expect(await statementsParse(result.stdout)).toBeGreaterThan(5);
  });
});
