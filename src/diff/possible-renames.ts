/**
 * A drop and an add of the same shape that nobody answered (no `--rename` hint, no terminal to ask on)
 * stay a drop and an add, but say what they may be: the drop's data-loss hazard names the flag that
 * would keep the values, so `--fail-on-hazard data-loss` and every summary show it, and the add
 * carries the same advice as a note, so both ends of the pair point at each other in the file.
 */
import type { Hazard, Operation } from "../ops/operations.js";
import type { PossibleRename } from "./renames.js";

export function markPossibleRenames(
  ops: readonly Operation[],
  possible: readonly PossibleRename[],
  defaultSchema = "public",
): Operation[] {
  if (possible.length === 0) return [...ops];
  const flag = (p: PossibleRename) => renameFlag(p, defaultSchema);
  return ops.map((op) => {
    switch (op.kind) {
      case "dropColumn":
        return withAdvice(
          op,
          possible.filter((p) => sameTable(p, op.schema, op.table) && p.from === op.column.name),
          flag,
          "the values",
        );
      case "addColumn":
        return withAdvice(
          op,
          possible.filter((p) => sameTable(p, op.schema, op.table) && p.to === op.column.name),
          flag,
          "the values",
        );
      case "dropTable":
        return withAdvice(
          op,
          possible.filter(
            (p) => p.kind === "table" && p.schema === op.table.schema && p.from === op.table.name,
          ),
          flag,
          "the rows",
        );
      case "createTable":
        return withAdvice(
          op,
          possible.filter(
            (p) => p.kind === "table" && p.schema === op.table.schema && p.to === op.table.name,
          ),
          flag,
          "the rows",
        );
      default:
        return op;
    }
  });
}

/**
 * The drop side (it carries a data-loss hazard) gets the advice in that hazard's reason; the add side
 * gets it as a note.
 */
function withAdvice<T extends Operation>(
  op: T,
  matches: readonly PossibleRename[],
  flag: (p: PossibleRename) => string,
  kept: string,
): T {
  if (matches.length === 0) return op;
  const flags = matches.map(flag).join(" or ");
  const dataLoss = op.hazards?.some((h) => h.kind === "data-loss");
  if (dataLoss) {
    const hazards = op.hazards!.map(
      (h): Hazard =>
        h.kind === "data-loss"
          ? { ...h, reason: `${h.reason} (possible rename: pass ${flags} to keep them)` }
          : h,
    );
    return { ...op, hazards };
  }
  return { ...op, notes: [...(op.notes ?? []), `Possible rename: pass ${flags} to keep ${kept}`] };
}

function sameTable(p: PossibleRename, schema: string, table: string): boolean {
  return p.kind === "column" && p.schema === schema && p.table === table;
}

/** The flag as it would be typed: `--rename users.displayName=users.fullName`, `--rename-table users=accounts`. */
export function renameFlag(p: PossibleRename, defaultSchema = "public"): string {
  const schema = p.schema === defaultSchema ? "" : `${p.schema}.`;
  const value =
    p.kind === "table" ? `${schema}${p.from}=${p.to}` : `${schema}${p.table}.${p.from}=${p.table}.${p.to}`;
  return `${p.kind === "table" ? "--rename-table" : "--rename"} ${shellWord(value)}`;
}

/** Quoted for a POSIX shell when it holds anything but plain name characters, so it can be pasted. */
function shellWord(text: string): string {
  return /^[\w.=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
