/**
 * The retort migration written for one TypeORM migration: its recorded statements as
 * `await op.execute("…")` calls, one statement a call (so any SQL, quotes and backslashes included, is
 * one valid TypeScript string), under the usual header, through the code generator's writer and
 * pieces (src/codegen/file-parts.ts).
 *
 * Everything in it is derived from the TypeORM migration alone, so importing again writes the same
 * text: the revision id is a hash of TypeORM's name for the migration, and the Create Date its
 * timestamp.
 */
import { createHash } from "node:crypto";
import type { CodeBlockWriter } from "../codegen/code-writer.js";
import {
  MIGRATION_IMPORTS,
  migrationFunction,
  revisionLines,
  writeDocComment,
  writeFunction,
  writeGraphExports,
  written,
} from "../codegen/file-parts.js";
import { commentText, stringLiteral } from "../codegen/literals.js";
import { formatCreateDate, slugify } from "../codegen/migration-file.js";
import { writeStatement } from "../codegen/render-operation.js";
import { defaultTemplate } from "../config/migration-template.js";
import type { Irreversible } from "./record-migrations.js";
import type { TypeormMigration } from "./typeorm-migrations.js";

/** The first 12 hex digits of sha256(name): stable across imports, and shaped like Alembic's ids. */
export function importedRevisionId(typeormName: string): string {
  return createHash("sha256").update(typeormName).digest("hex").slice(0, 12);
}

/** `<rev>_create_tables_1700000000000.ts`: TypeORM's name with its words and its timestamp apart. */
export function importedFileName(revision: string, migration: TypeormMigration): string {
  const words = migration.name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/(\D)(\d{13})$/, "$1 $2");
  return `${revision}_${slugify(words, 60)}.ts`;
}

export interface ImportedFileSpec {
  readonly migration: TypeormMigration;
  readonly revision: string;
  readonly downRevision: string | null;
  readonly upgrade: readonly string[];
  readonly downgrade: readonly string[];
  /** Lines for reviewers, written as `//` comments at the top of upgrade(). */
  readonly notes?: readonly string[];
  /** Set when TypeORM's down() did not work on import: downgrade() raises an error instead. */
  readonly irreversible?: Irreversible;
}

export function renderImportedFile(spec: ImportedFileSpec): string {
  const { migration } = spec;
  const parents = spec.downRevision === null ? [] : [spec.downRevision];
  const createDate = formatCreateDate(new Date(migration.timestamp));
  const source = migration.file ? ` (${migration.file})` : "";
  const header = [
    migration.name,
    "",
    `Imported by \`retort import-typeorm\` from the TypeORM migration ${migration.name}${source}:`,
    "the statements its up() and down() sent, recorded by running them in a throw-away database.",
    "",
    ...revisionLines(spec.revision, parents, createDate),
    ...(spec.irreversible
      ? ["", `Irreversible: ${spec.irreversible.reason}, so downgrade() raises an error.`]
      : []),
  ];
  const body = (
    writer: CodeBlockWriter,
    sqls: readonly string[],
    notes: readonly string[],
    nothing: string,
  ) => {
    for (const note of notes) writer.writeLine(`// ${commentText(note)}`);
    for (const sql of sqls) writeStatement(writer, { kind: "execute", sql }, { defaultSchema: "public" });
    if (notes.length === 0 && sqls.length === 0) writer.writeLine(`// ${nothing}`);
  };
  return defaultTemplate({
    header: written((writer) => writeDocComment(writer, header)),
    imports: MIGRATION_IMPORTS,
    exports: written((writer) => writeGraphExports(writer, { revision: spec.revision, parents })),
    upgrade: written((writer) =>
      writeFunction(writer, migrationFunction("upgrade"), () =>
        body(writer, spec.upgrade, spec.notes ?? [], "TypeORM's up() sent no statement."),
      ),
    ),
    downgrade: written((writer) =>
      spec.irreversible
        ? writeIrreversibleDowngrade(writer, spec, spec.irreversible)
        : writeFunction(writer, migrationFunction("downgrade"), () =>
            body(writer, spec.downgrade, [], "TypeORM's down() sent no statement."),
          ),
    ),
    revision: spec.revision,
    downRevisions: parents,
    message: migration.name,
    createDate,
  });
}

/**
 * A downgrade() that raises, naming the revision and why, so `retort downgrade` across it stops there
 * (the runner rolls its transaction back and prints the message as one FAILED line). What TypeORM's
 * down() sent is kept, commented out, as the start of a downgrade that works.
 */
function writeIrreversibleDowngrade(
  writer: CodeBlockWriter,
  spec: ImportedFileSpec,
  irreversible: Irreversible,
): void {
  const message =
    `Revision ${spec.revision} (TypeORM ${spec.migration.name}) cannot be downgraded: ` +
    `on import, ${irreversible.reason}`;
  const sent = spec.downgrade.map((sql) => `await op.execute(${stringLiteral(sql)});`);
  const comments = [
    ...(irreversible.differences.length > 0
      ? [
          "TypeORM's down() ran on import but left the schema different from before its up():",
          ...irreversible.differences.map((line) => `  ${line}`),
        ]
      : ["TypeORM's down() failed on import (see the header)."]),
    "To make this revision reversible, take `{ op }: MigrationContext` as upgrade() does and write",
    sent.length > 0
      ? "the statements that undo it, starting from what its down() sent:"
      : "the statements that undo it.",
    ...sent,
  ];
  writeFunction(writer, "export async function downgrade(): Promise<void>", () => {
    for (const line of comments) writer.writeLine(`// ${commentText(line)}`);
    writer.writeLine(`throw new Error(${stringLiteral(message)});`);
  });
}
