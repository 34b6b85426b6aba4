/**
 * The retort migration written for one TypeORM migration: its recorded statements as
 * `await op.execute("…")` calls, one statement a call, in strings JSON escapes (so any SQL, quotes and
 * backslashes included, is one valid TypeScript string), under the usual header.
 *
 * Everything in it is derived from the TypeORM migration alone, so importing again writes the same
 * text: the revision id is a hash of TypeORM's name for the migration, and the Create Date its
 * timestamp.
 */
import { createHash } from "node:crypto";
import { formatCreateDate, slugify } from "../codegen/migration-file.js";
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
  // A comment in a name or path must not end the header early.
  const safe = (text: string) => text.replaceAll("*/", "*\\/");
  const source = migration.file ? ` (${migration.file})` : "";
  const header = [
    safe(migration.name),
    "",
    `Imported by \`retort import-typeorm\` from the TypeORM migration ${safe(migration.name)}${safe(source)}:`,
    "the statements its up() and down() sent, recorded by running them in a throw-away database.",
    "",
    `Revision ID: ${spec.revision}`,
    `Revises: ${spec.downRevision ?? ""}`,
    `Create Date: ${formatCreateDate(new Date(migration.timestamp))}`,
    ...(spec.irreversible
      ? ["", `Irreversible: ${safe(spec.irreversible.reason)}, so downgrade() raises an error.`]
      : []),
  ];
  const body = (statements: readonly string[], comments: readonly string[], nothing: string) => {
    const lines = [
      ...comments.map((line) => `  // ${line}`),
      ...statements.map((sql) => `  await op.execute(${JSON.stringify(sql)});`),
    ];
    return lines.length > 0 ? lines.join("\n") : `  // ${nothing}`;
  };
  return [
    "/**",
    ...header.map((line) => (line ? ` * ${line}` : " *")),
    " */",
    'import type { MigrationContext } from "retort";',
    "",
    `export const revision = ${JSON.stringify(spec.revision)};`,
    `export const downRevision: string | readonly string[] | null = ${JSON.stringify(spec.downRevision)};`,
    "",
    "export async function upgrade({ op }: MigrationContext): Promise<void> {",
    body(spec.upgrade, spec.notes ?? [], "TypeORM's up() sent no statement."),
    "}",
    "",
    ...(spec.irreversible
      ? irreversibleDowngrade(spec, spec.irreversible)
      : [
          "export async function downgrade({ op }: MigrationContext): Promise<void> {",
          body(spec.downgrade, [], "TypeORM's down() sent no statement."),
          "}",
        ]),
    "",
  ].join("\n");
}

/**
 * A downgrade() that raises, naming the revision and why, so `retort downgrade` across it stops there
 * (the runner rolls its transaction back and prints the message as one FAILED line). What TypeORM's
 * down() sent is kept, commented out, as the start of a downgrade that works.
 */
function irreversibleDowngrade(spec: ImportedFileSpec, irreversible: Irreversible): string[] {
  const message =
    `Revision ${spec.revision} (TypeORM ${spec.migration.name}) cannot be downgraded: ` +
    `on import, ${irreversible.reason}`;
  const comment = (lines: readonly string[]) => lines.map((line) => `  // ${line}`);
  const sent = spec.downgrade.map((sql) => `await op.execute(${JSON.stringify(sql)});`);
  return [
    "export async function downgrade(): Promise<void> {",
    ...comment([
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
    ]),
    `  throw new Error(${JSON.stringify(message)});`,
    "}",
  ];
}
