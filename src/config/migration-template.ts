/**
 * The layout of a migration file, as parts the code generator has already rendered and formatted, and
 * the template that puts them together. A project's own template (config `template`) may reorder them,
 * add a licence header or extra imports, or drop the doc comment; it cannot change what the parts say,
 * so the revision graph exports stay exactly as the loader reads them.
 *
 * This is the config's `template` setting: its type, its default and its text form, checked when the
 * config is read. The code generator (src/codegen/migration-file.ts) fills the parts and calls it.
 */
import { RetortError } from "../errors.js";

export interface MigrationParts {
  /**
   * The doc comment: message, Revision ID, Revises, Create Date; for a squash whose replaced revisions
   * ran SQL by hand, followed by the `//` lines that list it.
   */
  readonly header: string;
  /** `import type { MigrationContext } from "retort";` */
  readonly imports: string;
  /** The `revision`, `downRevision`, `branchLabels`, `dependsOn` and `replaces` exports. */
  readonly exports: string;
  /** The whole `export async function upgrade(...) { ... }`. */
  readonly upgrade: string;
  /** The whole `export async function downgrade(...) { ... }`. */
  readonly downgrade: string;
  /** The facts the parts were made from, for templates that write their own. */
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly message: string;
  /** `2026-11-24 10:15:00.000`, as the header shows it. */
  readonly createDate: string;
}

/** A function template: returns the file's whole text. */
export type MigrationTemplate = (parts: MigrationParts) => string;

/** The layout of shared/design.md: the header on top of the imports, then a blank line between blocks. */
export const defaultTemplate: MigrationTemplate = (parts) =>
  `${parts.header}\n${[parts.imports, parts.exports, parts.upgrade, parts.downgrade].join("\n\n")}\n`;

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const TEXT_PARTS = [
  "header",
  "imports",
  "exports",
  "upgrade",
  "downgrade",
  "revision",
  "message",
  "createDate",
];

/**
 * A template read from a text file: `{{name}}` is replaced by that part. An unknown name is an error
 * when the file is read, not a silent blank in the next migration.
 */
export function textTemplate(text: string, file: string): MigrationTemplate {
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (!TEXT_PARTS.includes(name!)) {
      throw new RetortError(`Unknown placeholder {{${name}}} in ${file}; known: ${TEXT_PARTS.join(", ")}`);
    }
  }
  return (parts) => {
    const values: Record<string, string> = { ...parts, downRevisions: parts.downRevisions.join(", ") };
    const rendered = text.replace(PLACEHOLDER, (_match, name: string) => values[name] ?? "");
    return rendered.endsWith("\n") ? rendered : `${rendered}\n`;
  };
}
