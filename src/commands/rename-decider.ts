/**
 * How the commands answer rename candidates: `--rename`/`--rename-table` hints first, then a question
 * on a terminal when there is one, otherwise no answer (the differ then drops and adds, marked DATA
 * LOSS and "possible rename" when the shapes match).
 */
import type { RenameCandidate, RenameDecider } from "../diff/renames.js";
import { RetortError } from "../errors.js";

export interface RenameHints {
  /** `table.old=table.new` or `table.old=new` (optionally `schema.table.old=...`). */
  readonly columns?: readonly string[];
  /** `old=new` or `schema.old=new`. */
  readonly tables?: readonly string[];
}

/** Asks one yes/no question; resolves true for yes. */
export type Ask = (question: string) => Promise<boolean>;

export function renameDecider(hints: RenameHints = {}, ask?: Ask): RenameDecider {
  const columns = (hints.columns ?? []).map(parseColumnHint);
  const tables = (hints.tables ?? []).map(parseTableHint);
  return async (candidate) => {
    if (candidate.kind === "table") {
      const hinted = tables.find(
        (h) => h.from === candidate.from && (h.schema ?? candidate.schema) === candidate.schema,
      );
      if (hinted) return hinted.to === candidate.to;
    } else {
      const hinted = columns.find(
        (h) =>
          h.from === candidate.from &&
          (h.table === candidate.table || h.oldTable === candidate.table) &&
          (h.schema ?? candidate.schema) === candidate.schema,
      );
      if (hinted) return hinted.to === candidate.to;
    }
    // Only a compatible shape is worth a question; anything else needs an explicit hint.
    if (!candidate.compatible) return false;
    // Nobody to ask: undefined, so the drop and the add say they may be this rename.
    return ask ? ask(question(candidate)) : undefined;
  };
}

export function question(candidate: RenameCandidate): string {
  return candidate.kind === "table"
    ? `Did you rename table ${candidate.from} to ${candidate.to}? [y/N] `
    : `Did you rename column ${candidate.table}.${candidate.from} to ${candidate.table}.${candidate.to}? [y/N] `;
}

function split(hint: string): [string, string] {
  const at = hint.indexOf("=");
  if (at <= 0 || at === hint.length - 1) throw new RetortError(`--rename expects old=new, got '${hint}'`);
  return [hint.slice(0, at).trim(), hint.slice(at + 1).trim()];
}

export function parseTableHint(hint: string): { schema?: string; from: string; to: string } {
  const [left, right] = split(hint);
  const parts = left.split(".");
  const from = parts.pop()!;
  const to = right.split(".").pop()!;
  return { ...(parts.length ? { schema: parts.join(".") } : {}), from, to };
}

export function parseColumnHint(hint: string): {
  schema?: string;
  table: string;
  oldTable: string;
  from: string;
  to: string;
} {
  const [left, right] = split(hint);
  const parts = left.split(".");
  if (parts.length < 2) throw new RetortError(`--rename expects table.old=table.new, got '${hint}'`);
  const from = parts.pop()!;
  const table = parts.pop()!;
  const rightParts = right.split(".");
  const to = rightParts.pop()!;
  return {
    ...(parts.length ? { schema: parts.join(".") } : {}),
    table: rightParts.pop() ?? table,
    oldTable: table,
    from,
    to,
  };
}
