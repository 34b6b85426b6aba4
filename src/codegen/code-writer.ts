/**
 * The one writer every migration file goes through: code-block-writer's `CodeBlockWriter`, the writer
 * ts-morph prints with, set to the file's style (two-space indent, double quotes, `\n`). It indents
 * each line to the block it is written in, leaves the lines of a template literal (a view's query) as
 * they are, and loads in a few milliseconds: no TypeScript, no syntax tree.
 *
 * It is loaded from where ts-morph finds it rather than imported by name: retort declares ts-morph,
 * whose dependency it is, and a strict package manager (pnpm) only lets a package reach what it
 * declares. Importing ts-morph itself would load TypeScript (a third of a second) for a class that
 * needs none of it.
 */
import { createRequire } from "node:module";
import type { CodeBlockWriter } from "ts-morph";

export type { CodeBlockWriter };

/** Spaces per indentation level: what a line's column is, for the width rule of ./code-layout.ts. */
export const INDENT_WIDTH = 2;

const require = createRequire(import.meta.url);
let writerClass: typeof CodeBlockWriter | undefined;

export function codeWriter(): CodeBlockWriter {
  writerClass ??= (
    createRequire(require.resolve("ts-morph"))("code-block-writer") as { default: typeof CodeBlockWriter }
  ).default;
  return new writerClass({ indentNumberOfSpaces: INDENT_WIDTH, useTabs: false, newLine: "\n" });
}
