/**
 * Writes a migration file's text with ts-morph: the header a reviewer reads first, the graph exports,
 * and upgrade()/downgrade() made of readable `op.*` calls (design.md, "A generated migration").
 */
import { IndentationText, Project, QuoteKind, VariableDeclarationKind } from "ts-morph";
import type { Operation } from "../ops/operations.js";
import { renderStatement } from "./render-operation.js";

export interface MigrationFileSpec {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  readonly createDate: Date;
  readonly upgrade: readonly Operation[];
  readonly downgrade: readonly Operation[];
  readonly defaultSchema?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
}

/** `2026-11-24 10:15:00.000`, local time, as Alembic's Create Date. */
export function formatCreateDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

export function renderMigrationFile(spec: MigrationFileSpec): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const file = project.createSourceFile("migration.ts");
  const parents =
    spec.downRevision === null
      ? []
      : typeof spec.downRevision === "string"
        ? [spec.downRevision]
        : [...spec.downRevision];
  // A comment in the message must not end the header early.
  const safe = (text: string) => text.replaceAll("*/", "*\\/");
  const header = [
    safe(spec.message),
    "",
    `Revision ID: ${spec.revision}`,
    `Revises: ${parents.join(", ")}`,
    `Create Date: ${formatCreateDate(spec.createDate)}`,
  ];
  file.addStatements(`/**\n${header.map((line) => (line ? ` * ${line}` : " *")).join("\n")}\n */`);
  file.addImportDeclaration({
    isTypeOnly: true,
    namedImports: ["MigrationContext"],
    moduleSpecifier: "retort",
  });

  const exportConst = (name: string, type: string | undefined, value: string) =>
    file.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name, ...(type ? { type } : {}), initializer: value }],
    });
  exportConst("revision", undefined, JSON.stringify(spec.revision));
  exportConst(
    "downRevision",
    "string | readonly string[] | null",
    parents.length === 0
      ? "null"
      : parents.length === 1
        ? JSON.stringify(parents[0])
        : JSON.stringify(parents),
  );
  if (spec.branchLabels?.length) exportConst("branchLabels", undefined, JSON.stringify(spec.branchLabels));
  if (spec.dependsOn?.length) exportConst("dependsOn", undefined, JSON.stringify(spec.dependsOn));

  const renderOptions = { defaultSchema: spec.defaultSchema ?? "public" };
  for (const [name, ops] of [
    ["upgrade", spec.upgrade],
    ["downgrade", spec.downgrade],
  ] as const) {
    file.addFunction({
      isExported: true,
      isAsync: true,
      name,
      parameters: [{ name: "{ op }", type: "MigrationContext" }],
      returnType: "Promise<void>",
      statements: ops.map((op) => renderStatement(op, renderOptions)),
    });
  }
  file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  return blankLinesBetweenBlocks(file.getFullText());
}

/** ts-morph packs top-level statements tightly; a blank line after the imports and the exports reads better. */
function blankLinesBetweenBlocks(text: string): string {
  return text
    .replace(/(\n \*\/)\n(import)/, "$1\n$2")
    .replace(/(from "retort";)\n(?!\n)/, "$1\n\n")
    .replace(/(;)\n(export async function)/g, "$1\n\n$2")
    .replace(/(\})\n(export async function)/g, "$1\n\n$2");
}

/** 12 lowercase hex characters, as Alembic's `uuid4().hex[-12:]`. */
export function newRevisionId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(-12);
}

/** Alembic's slug: the message's word runs joined by `_`, lowercased, cut at a word boundary near 40. */
export function slugify(message: string, maxLength = 40): string {
  const words = message.toLowerCase().match(/\w+/g) ?? [];
  let slug = words.join("_");
  if (slug.length > maxLength) {
    slug = slug.slice(0, maxLength);
    const cut = slug.lastIndexOf("_");
    slug = `${cut > 0 ? slug.slice(0, cut) : slug}_`;
  }
  return slug || "empty_message";
}
