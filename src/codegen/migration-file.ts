/**
 * Writes a migration file's text: the header a reviewer reads first, the graph exports, and
 * upgrade()/downgrade() made of readable `op.*` calls (design.md, "A generated migration").
 *
 * Every part is written through the one writer of ./code-writer.ts: the renderers
 * (./render-operation.ts) spell each call, ./code-layout.ts lays it out, and the writer indents it into
 * its function. There is no other path: a view's multi-line query is written the same way (the writer
 * leaves a template literal's lines alone), and nothing is formatted afterwards. bench/codegen.mjs
 * times a thousand-table migration.
 */
import {
  defaultTemplate,
  type MigrationParts,
  type MigrationTemplate,
} from "../config/migration-template.js";
import type { Operation } from "../ops/operations.js";
import { type CodeBlockWriter, codeWriter } from "./code-writer.js";
import { stringLiteral } from "./literals.js";
import { type RenderOptions, writeStatement } from "./render-operation.js";

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

/** Each part written on its own, from its first column, so that a template can place it anywhere. */
export function migrationParts(spec: MigrationFileSpec): MigrationParts {
  const parents =
    spec.downRevision === null
      ? []
      : typeof spec.downRevision === "string"
        ? [spec.downRevision]
        : [...spec.downRevision];
  const createDate = formatCreateDate(spec.createDate);
  const renderOptions = { defaultSchema: spec.defaultSchema ?? "public" };
  return {
    header: written((writer) => writeHeader(writer, spec.message, spec.revision, parents, createDate)),
    imports: 'import type { MigrationContext } from "retort";',
    exports: written((writer) => writeGraphExports(writer, spec, parents)),
    upgrade: written((writer) => writeFunction(writer, "upgrade", spec.upgrade, renderOptions)),
    downgrade: written((writer) => writeFunction(writer, "downgrade", spec.downgrade, renderOptions)),
    revision: spec.revision,
    downRevisions: parents,
    message: spec.message,
    createDate,
  };
}

function written(write: (writer: CodeBlockWriter) => void): string {
  const writer = codeWriter();
  write(writer);
  return writer.toString();
}

/** The doc comment: the message, then Alembic's Revision ID, Revises and Create Date lines. */
function writeHeader(
  writer: CodeBlockWriter,
  message: string,
  revision: string,
  parents: readonly string[],
  createDate: string,
): void {
  // A comment in the message must not end the header early.
  const lines = [
    message.replaceAll("*/", "*\\/"),
    "",
    `Revision ID: ${revision}`,
    `Revises: ${parents.join(", ")}`,
    `Create Date: ${createDate}`,
  ];
  writer.write("/**");
  // No trailing space after an empty "Revises:" (Alembic leaves one): nothing a person would leave in a
  // file, and a formatter or an editor would take it out.
  for (const line of lines) writer.newLine().write(` * ${line}`.trimEnd());
  writer.newLine().write(" */");
}

/**
 * `revision`, `downRevision` and, when set, `branchLabels` and `dependsOn`: one line each, never
 * wrapped, so the revision graph reads them from the text without loading the file
 * (src/runner/script-directory.ts).
 */
function writeGraphExports(writer: CodeBlockWriter, spec: MigrationFileSpec, parents: readonly string[]) {
  const list = (values: readonly string[]) => `[${values.map(stringLiteral).join(", ")}]`;
  const downRevision =
    parents.length === 0 ? "null" : parents.length === 1 ? stringLiteral(parents[0]!) : list(parents);
  const lines = [
    `export const revision = ${stringLiteral(spec.revision)};`,
    `export const downRevision: string | readonly string[] | null = ${downRevision};`,
    ...(spec.branchLabels?.length ? [`export const branchLabels = ${list(spec.branchLabels)};`] : []),
    ...(spec.dependsOn?.length ? [`export const dependsOn = ${list(spec.dependsOn)};`] : []),
  ];
  lines.forEach((line, i) => {
    if (i > 0) writer.newLine();
    writer.write(line);
  });
}

function writeFunction(
  writer: CodeBlockWriter,
  name: "upgrade" | "downgrade",
  operations: readonly Operation[],
  renderOptions: RenderOptions,
): void {
  writer.write(`export async function ${name}({ op }: MigrationContext): Promise<void>`).block(() => {
    for (const op of operations) writeStatement(writer, op, renderOptions);
  });
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
