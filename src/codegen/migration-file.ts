/**
 * Writes a migration file's text with ts-morph: the header a reviewer reads first, the graph exports,
 * and upgrade()/downgrade() made of readable `op.*` calls (design.md, "A generated migration").
 */
import { IndentationText, Project, QuoteKind, type SourceFile, VariableDeclarationKind } from "ts-morph";
import type { Operation } from "../ops/operations.js";
import { defaultTemplate, type MigrationParts, type MigrationTemplate } from "./migration-template.js";
import { renderStatement } from "./render-operation.js";
import { wrapLongCall } from "./wrap-call.js";

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

export function renderMigrationFile(
  spec: MigrationFileSpec,
  template: MigrationTemplate = defaultTemplate,
): string {
  return template(migrationParts(spec));
}

/**
 * Each part rendered and formatted on its own (ts-morph's formatter, two-space indent, double quotes),
 * so that a template can place them anywhere without re-indenting.
 */
export function migrationParts(spec: MigrationFileSpec): MigrationParts {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const parents =
    spec.downRevision === null
      ? []
      : typeof spec.downRevision === "string"
        ? [spec.downRevision]
        : [...spec.downRevision];
  const createDate = formatCreateDate(spec.createDate);
  // A comment in the message must not end the header early.
  const safe = (text: string) => text.replaceAll("*/", "*\\/");
  const header = [
    safe(spec.message),
    "",
    `Revision ID: ${spec.revision}`,
    `Revises: ${parents.join(", ")}`,
    `Create Date: ${createDate}`,
  ];

  const exportsFile = project.createSourceFile("exports.ts");
  const exportConst = (name: string, type: string | undefined, value: string) =>
    exportsFile.addVariableStatement({
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
  const functionText = (name: "upgrade" | "downgrade", ops: readonly Operation[]) => {
    const file = project.createSourceFile(`${name}.ts`);
    file.addFunction({
      isExported: true,
      isAsync: true,
      name,
      parameters: [{ name: "{ op }", type: "MigrationContext" }],
      returnType: "Promise<void>",
      statements: ops.map((op) => wrapLongCall(renderStatement(op, renderOptions))),
    });
    return formatted(file);
  };

  return {
    // No trailing space after an empty "Revises:": nothing a person would leave in a file.
    header: `/**\n${header.map((line) => ` * ${line}`.trimEnd()).join("\n")}\n */`,
    imports: 'import type { MigrationContext } from "retort";',
    exports: formatted(exportsFile),
    upgrade: functionText("upgrade", spec.upgrade),
    downgrade: functionText("downgrade", spec.downgrade),
    revision: spec.revision,
    downRevisions: parents,
    message: spec.message,
    createDate,
  };
}

function formatted(file: SourceFile): string {
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return file.getFullText().trim();
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
