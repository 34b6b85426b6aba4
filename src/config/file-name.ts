/**
 * A new migration's file name from the configured pattern (config `fileName`), as Alembic's
 * `file_template`: `{rev}_{slug}` by default, with the create date's parts for projects that want their
 * files sorted by date. The revision graph never reads file names, so any pattern loads.
 */
import { RetortError } from "../errors.js";

export const DEFAULT_FILE_NAME = "{rev}_{slug}";

export interface FileNameParts {
  readonly rev: string;
  readonly slug: string;
  readonly createDate: Date;
}

export function renderFileName(pattern: string, parts: FileNameParts): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = parts.createDate;
  const values: Record<string, string> = {
    rev: parts.rev,
    slug: parts.slug,
    year: String(date.getFullYear()),
    month: pad(date.getMonth() + 1),
    day: pad(date.getDate()),
    hour: pad(date.getHours()),
    minute: pad(date.getMinutes()),
    second: pad(date.getSeconds()),
    epoch: String(Math.floor(date.getTime() / 1000)),
  };
  const name = pattern.replace(/\{(\w+)\}/g, (match, token: string) => {
    const value = values[token];
    if (value === undefined) {
      throw new RetortError(
        `Unknown token ${match} in fileName '${pattern}'; known: ${Object.keys(values)
          .map((k) => `{${k}}`)
          .join(", ")}`,
      );
    }
    return value;
  });
  if (name === "" || /[/\\]/.test(name)) {
    throw new RetortError(`fileName '${pattern}' must give a plain file name, got '${name}'`);
  }
  return `${name}.ts`;
}

/** Checked when the config is read, so a typo fails before any database work. */
export function validateFileNamePattern(pattern: string): void {
  renderFileName(pattern, { rev: "0", slug: "x", createDate: new Date(0) });
}
