/**
 * Writes a migration file's text: the header a reviewer reads first, the graph exports, and
 * upgrade()/downgrade() made of readable `op.*` calls (design.md, "A generated migration").
 *
 * The statements come from ./render-operation.ts (and ./wrap-call.ts) already laid out, so each part
 * is their concatenation, each line indented into its function. ts-morph builds and formats the parts
 * only when a statement holds a multi-line template literal (a view's query), whose lines must not be
 * indented: loading ts-morph and formatting a thousand-table migration with it took seconds, for the
 * same text (test/codegen/render.test.ts compares the two).
 */
import { createRequire } from "node:module";
import type { SourceFile } from "ts-morph";
import {
  defaultTemplate,
  type MigrationParts,
  type MigrationTemplate,
} from "../config/migration-template.js";
import type { Operation } from "../ops/operations.js";
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
  const parts = rawParts(spec);
  const needsFormatter = [parts.upgrade, parts.downgrade].some((ss) => ss.some((s) => s.includes("`")));
  return needsFormatter ? formatWithTsMorph(parts) : formatAsText(parts);
}

/** The same parts, always built and formatted by ts-morph: the reference the text must equal. */
export function migrationPartsFormattedByTsMorph(spec: MigrationFileSpec): MigrationParts {
  return formatWithTsMorph(rawParts(spec));
}

interface RawParts {
  readonly spec: MigrationFileSpec;
  readonly header: string;
  readonly parents: readonly string[];
  readonly createDate: string;
  readonly exports: readonly { name: string; type?: string; value: string }[];
  readonly upgrade: readonly string[];
  readonly downgrade: readonly string[];
}

function rawParts(spec: MigrationFileSpec): RawParts {
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
  const list = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
  const renderOptions = { defaultSchema: spec.defaultSchema ?? "public" };
  const statements = (ops: readonly Operation[]) =>
    ops.map((op) => wrapLongCall(renderStatement(op, renderOptions)));
  return {
    spec,
    // No trailing space after an empty "Revises:": nothing a person would leave in a file.
    header: `/**\n${header.map((line) => ` * ${line}`.trimEnd()).join("\n")}\n */`,
    parents,
    createDate,
    exports: [
      { name: "revision", value: JSON.stringify(spec.revision) },
      {
        name: "downRevision",
        type: "string | readonly string[] | null",
        value:
          parents.length === 0 ? "null" : parents.length === 1 ? JSON.stringify(parents[0]) : list(parents),
      },
      ...(spec.branchLabels?.length ? [{ name: "branchLabels", value: list(spec.branchLabels) }] : []),
      ...(spec.dependsOn?.length ? [{ name: "dependsOn", value: list(spec.dependsOn) }] : []),
    ],
    upgrade: statements(spec.upgrade),
    downgrade: statements(spec.downgrade),
  };
}

function partsFrom(raw: RawParts, exports: string, upgrade: string, downgrade: string): MigrationParts {
  return {
    header: raw.header,
    imports: 'import type { MigrationContext } from "retort";',
    exports,
    upgrade,
    downgrade,
    revision: raw.spec.revision,
    downRevisions: raw.parents,
    message: raw.spec.message,
    createDate: raw.createDate,
  };
}

const signature = (name: string) =>
  `export async function ${name}({ op }: MigrationContext): Promise<void> {`;

function formatAsText(raw: RawParts): MigrationParts {
  const functionText = (name: string, statements: readonly string[]) =>
    [
      signature(name),
      ...statements.flatMap((statement) => statement.split("\n").map((line) => (line ? `  ${line}` : ""))),
      "}",
    ].join("\n");
  return partsFrom(
    raw,
    raw.exports.map((e) => `export const ${e.name}${e.type ? `: ${e.type}` : ""} = ${e.value};`).join("\n"),
    functionText("upgrade", raw.upgrade),
    functionText("downgrade", raw.downgrade),
  );
}

/**
 * Each part rendered and formatted on its own (ts-morph's formatter, two-space indent, double quotes),
 * so that a template can place them anywhere without re-indenting.
 */
function formatWithTsMorph(raw: RawParts): MigrationParts {
  const { IndentationText, Project, QuoteKind, VariableDeclarationKind } =
    require("ts-morph") as typeof import("ts-morph");
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const exportsFile = project.createSourceFile("exports.ts");
  for (const e of raw.exports)
    exportsFile.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: e.name, ...(e.type ? { type: e.type } : {}), initializer: e.value }],
    });
  const functionText = (name: "upgrade" | "downgrade", statements: readonly string[]) => {
    const file = project.createSourceFile(`${name}.ts`);
    file.addFunction({
      isExported: true,
      isAsync: true,
      name,
      parameters: [{ name: "{ op }", type: "MigrationContext" }],
      returnType: "Promise<void>",
      statements: [...statements],
    });
    return formatted(file);
  };
  return partsFrom(
    raw,
    formatted(exportsFile),
    functionText("upgrade", raw.upgrade),
    functionText("downgrade", raw.downgrade),
  );
}

const require = createRequire(import.meta.url);

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
