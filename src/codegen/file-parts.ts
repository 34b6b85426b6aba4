/**
 * The pieces every migration file retort writes is made of, whether generated from operations
 * (./migration-file.ts) or imported from TypeORM (src/import-typeorm/imported-file.ts): the doc comment
 * with Alembic's Revision ID, Revises and Create Date lines, the revision graph's exports, and the
 * functions. Each is written through the writer of ./code-writer.ts.
 */
import { type CodeBlockWriter, codeWriter } from "./code-writer.js";
import { stringLiteral } from "./literals.js";

export const MIGRATION_IMPORTS = 'import type { MigrationContext } from "retort";';

/** The text `write` puts in a new writer: one part of a file, from its first column. */
export function written(write: (writer: CodeBlockWriter) => void): string {
  const writer = codeWriter();
  write(writer);
  return writer.toString();
}

/** Alembic's lines under the message: `Revision ID: …`, `Revises: a, b`, `Create Date: …`. */
export function revisionLines(revision: string, parents: readonly string[], createDate: string): string[] {
  return [`Revision ID: ${revision}`, `Revises: ${parents.join(", ")}`, `Create Date: ${createDate}`];
}

/**
 * The doc comment, one ` * ` line each. The end of a comment in the text (in a message, a name) gets a
 * backslash between its two characters, so that it does not end the header early.
 */
export function writeDocComment(writer: CodeBlockWriter, lines: readonly string[]): void {
  writer.write("/**");
  // No trailing space after an empty "Revises:" (Alembic leaves one): nothing a person would leave in a
  // file, and a formatter or an editor would take it out.
  for (const line of lines) writer.newLine().write(` * ${line.replaceAll("*/", "*\\/")}`.trimEnd());
  writer.newLine().write(" */");
}

export interface GraphExports {
  readonly revision: string;
  readonly parents: readonly string[];
  readonly branchLabels?: readonly string[] | undefined;
  readonly dependsOn?: readonly string[] | undefined;
  /** A squash's replaced revisions, oldest first (src/graph/squash-view.ts). */
  readonly replaces?: readonly string[] | undefined;
}

/**
 * `revision`, `downRevision` and, when set, `branchLabels`, `dependsOn` and `replaces`: one line each,
 * never wrapped, so the revision graph reads them from the text without loading the file
 * (src/runner/script-directory.ts). A squash's `replaces` of thirty revisions is the exception, one id a
 * line rather than a 500-character line: the reader's pattern runs to the `;`, across lines.
 */
export function writeGraphExports(writer: CodeBlockWriter, graph: GraphExports): void {
  const list = (values: readonly string[]) => `[${values.map(stringLiteral).join(", ")}]`;
  const longList = (values: readonly string[]) =>
    list(values).length <= 80
      ? list(values)
      : `[\n${values.map((v) => `  ${stringLiteral(v)}`).join(",\n")}\n]`;
  const { parents } = graph;
  const downRevision =
    parents.length === 0 ? "null" : parents.length === 1 ? stringLiteral(parents[0]!) : list(parents);
  const lines = [
    `export const revision = ${stringLiteral(graph.revision)};`,
    `export const downRevision: string | readonly string[] | null = ${downRevision};`,
    ...(graph.branchLabels?.length ? [`export const branchLabels = ${list(graph.branchLabels)};`] : []),
    ...(graph.dependsOn?.length ? [`export const dependsOn = ${list(graph.dependsOn)};`] : []),
    ...(graph.replaces?.length ? [`export const replaces = ${longList(graph.replaces)};`] : []),
  ];
  lines.forEach((line, i) => {
    if (i > 0) writer.newLine();
    writer.write(line);
  });
}

/** `export async function upgrade({ op }: MigrationContext): Promise<void>`, or downgrade's. */
export const migrationFunction = (name: "upgrade" | "downgrade") =>
  `export async function ${name}({ op }: MigrationContext): Promise<void>`;

/** `declaration { … }`, the body's lines indented one level. */
export function writeFunction(writer: CodeBlockWriter, declaration: string, body: () => void): void {
  writer.write(declaration).block(body);
}
