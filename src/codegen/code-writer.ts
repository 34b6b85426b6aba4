/**
 * The one writer every migration file goes through: code-block-writer's `CodeBlockWriter`, the writer
 * ts-morph prints with, set to the file's style (two-space indent, double quotes, `\n`). It indents
 * each line to the block it is written in, leaves the lines of a template literal (a view's query) as
 * they are, and loads in a few milliseconds: no TypeScript, no syntax tree (importing ts-morph itself
 * would load TypeScript, a third of a second, for a class that needs none of it).
 */
import CodeBlockWriter from "code-block-writer";

export type { CodeBlockWriter };

/** Spaces per indentation level: what a line's column is, for the width rule of ./code-layout.ts. */
export const INDENT_WIDTH = 2;

export function codeWriter(): CodeBlockWriter {
  return new CodeBlockWriter({ indentNumberOfSpaces: INDENT_WIDTH, useTabs: false, newLine: "\n" });
}
