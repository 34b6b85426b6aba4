import ts from "typescript";
import { describe, expect, test } from "vitest";
import { renderMigrationFile } from "../../src/codegen/migration-file.js";
import { renderOperation } from "../../src/codegen/render-operation.js";
import type { Operation } from "../../src/ops/operations.js";
import { toSql } from "../../src/ops/sql.js";
import { createOpApi } from "../../src/runtime/op-api.js";
import { col } from "../support/ir-builders.js";
import { sampleOperations } from "../support/sample-operations.js";

const options = { defaultSchema: "public" };

/** Runs a rendered `op.*` call against the real op API and returns the SQL it sends. */
async function sqlOfRenderedCall(call: string): Promise<string[]> {
  const statements: string[] = [];
  const op = createOpApi(async (sql) => {
    statements.push(sql);
  });
  await new Function("op", `return ${call};`)(op);
  return statements;
}

describe("the TypeScript renderer", () => {
  test.each([
    [
      { kind: "addColumn", schema: "public", table: "user", column: col("avatar", "character varying(255)") },
      'op.addColumn("user", { name: "avatar", type: "character varying(255)", nullable: true })',
    ],
    [
      { kind: "dropColumn", schema: "audit", table: "log", column: col("x", "text") },
      'op.dropColumn("log", "x", { schema: "audit" })',
    ],
    [
      {
        kind: "alterColumn",
        schema: "public",
        table: "user",
        column: "age",
        existing: col("age", "integer"),
        modify: { type: "bigint", default: null },
      },
      'op.alterColumn("user", "age", { type: "bigint", default: null, existingType: "integer" })',
    ],
  ] as [Operation, string][])("%# renders one readable call", (op, expected) => {
    expect(renderOperation(op, options)).toBe(expected);
  });

  test.for(sampleOperations.map((op) => [op.kind, op] as const))(
    "%s: the rendered call runs the same SQL as the operation",
    async ([, op]) => {
      expect(await sqlOfRenderedCall(renderOperation(op, options))).toEqual(toSql(op));
    },
  );

  test("a whole file has the header, graph exports and both functions", () => {
    const text = renderMigrationFile({
      revision: "3f2a9c1b7d4e",
      downRevision: null,
      message: "create users",
      createDate: new Date(2026, 10, 24, 10, 15, 0, 0),
      upgrade: [sampleOperations[4]!],
      downgrade: [],
    });
    expect(text).toBe(
      [
        "/**",
        " * create users",
        " *",
        " * Revision ID: 3f2a9c1b7d4e",
        " * Revises:",
        " * Create Date: 2026-11-24 10:15:00.000",
        " */",
        'import type { MigrationContext } from "retort";',
        "",
        'export const revision = "3f2a9c1b7d4e";',
        "export const downRevision: string | readonly string[] | null = null;",
        "",
        "export async function upgrade({ op }: MigrationContext): Promise<void> {",
        '  await op.addColumn("users", { name: "avatar", type: "text", nullable: true });',
        "}",
        "",
        "export async function downgrade({ op }: MigrationContext): Promise<void> {",
        "}",
        "",
      ].join("\n"),
    );
  });
  test("every sample operation in one file: upgrade() runs the SQL of the operations, in order", async () => {
    const ops = sampleOperations.map((op, i) =>
      // Hazards and notes with what a name may hold (quotes, a line break, a comment's end).
      i % 5 === 0 ? { ...op, hazards: [{ kind: "data-loss", reason: 'it\'s "x"\n*/ y' }] } : op,
    ) as Operation[];
    const text = renderMigrationFile({
      revision: "3f2a9c1b7d4e",
      downRevision: ["9b1c0d2e4f6a", "0a1b2c3d4e5f"],
      message: "all the */ operations",
      createDate: new Date(2026, 10, 24, 10, 15, 0, 0),
      upgrade: ops,
      downgrade: [],
      branchLabels: ["main"],
      dependsOn: ["abc", "def"],
    });
    expect(await sqlOfUpgrade(text)).toEqual(ops.flatMap((op) => toSql(op)));
  });
});

/** Compiles a migration file as the loader would and returns the SQL its upgrade() sends. */
async function sqlOfUpgrade(text: string): Promise<string[]> {
  const { outputText, diagnostics } = ts.transpileModule(text, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  expect(diagnostics).toEqual([]);
  const module = { exports: {} as { upgrade(context: unknown): Promise<void> } };
  new Function("module", "exports", "require", outputText)(module, module.exports, () => ({}));
  const statements: string[] = [];
  await module.exports.upgrade({
    op: createOpApi(async (sql) => {
      statements.push(sql);
    }),
  });
  return statements;
}
