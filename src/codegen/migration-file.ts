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
import { type DataStep, renderDataStepsWarning } from "./data-steps-warning.js";
import {
  MIGRATION_IMPORTS,
  migrationFunction,
  revisionLines,
  writeDocComment,
  writeFunction,
  writeGraphExports,
  written,
} from "./file-parts.js";
import { writeStatement } from "./render-operation.js";

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
  /** A squash's replaced revisions, oldest first (src/graph/squash-view.ts). */
  readonly replaces?: readonly string[];
  /** A squash's warning: the hand-written SQL of the revisions it replaces (./data-steps-warning.ts). */
  readonly dataSteps?: readonly DataStep[];
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
  const warning = renderDataStepsWarning(spec.dataSteps ?? []);
  const functionOf = (name: "upgrade" | "downgrade", operations: readonly Operation[]) =>
    written((writer) =>
      writeFunction(writer, migrationFunction(name), () => {
        for (const op of operations) writeStatement(writer, op, renderOptions);
      }),
    );
  return {
    header: written((writer) => {
      writeDocComment(writer, [spec.message, "", ...revisionLines(spec.revision, parents, createDate)]);
      if (warning !== undefined) writer.newLine().write(warning);
    }),
    imports: MIGRATION_IMPORTS,
    exports: written((writer) =>
      writeGraphExports(writer, {
        revision: spec.revision,
        parents,
        branchLabels: spec.branchLabels,
        dependsOn: spec.dependsOn,
        replaces: spec.replaces,
      }),
    ),
    upgrade: functionOf("upgrade", spec.upgrade),
    downgrade: functionOf("downgrade", spec.downgrade),
    revision: spec.revision,
    downRevisions: parents,
    message: spec.message,
    createDate,
  };
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
