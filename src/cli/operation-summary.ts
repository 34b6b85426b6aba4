/**
 * What autogenerate found, for a person at a terminal: one line per operation, grouped under the table
 * it touches (schema-level objects, such as enums and extensions, first), each hazard on its own line
 * under the operation, highlighted, and any note (a possible rename) after them.
 *
 *   Detected 3 operations:
 *     user
 *       + add column avatar character varying(255)
 *       - drop column legacy
 *           DATA LOSS: drops column user.legacy and its values
 *
 * Made from the operations as check reports them (`summariseOperation`), so the pull-request renderers
 * (./check-markdown.ts, ./check-github.ts) group them the same way.
 */
import type { OperationSummary } from "../commands/check-report.js";
import { hazardLabel } from "../commands/hazard-policy.js";
import type { Paint } from "./colours.js";

const plain: Paint = (_style, text) => text;

export function operationSummary(operations: readonly OperationSummary[], paint: Paint = plain): string[] {
  if (operations.length === 0) return [];
  const count = operations.length === 1 ? "1 operation" : `${operations.length} operations`;
  return [
    `Detected ${count}:`,
    ...groupByTable(operations).flatMap((group) => [
      `  ${paint("bold", group.table)}`,
      ...group.operations.flatMap((op) => operationLines(op, paint)),
    ]),
  ];
}

/** The operations under the table each touches, schema-level objects first, then the differ's order. */
export function groupByTable(
  operations: readonly OperationSummary[],
): { readonly table: string; readonly operations: readonly OperationSummary[] }[] {
  const groups = new Map<string, OperationSummary[]>();
  for (const op of operations) {
    const key =
      op.table === null
        ? ""
        : op.schema === null || op.schema === "public"
          ? op.table
          : `${op.schema}.${op.table}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  // Schema-level objects first: they are created first.
  const keys = [...groups.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : 0));
  return keys.map((key) => ({ table: key === "" ? "(schema objects)" : key, operations: groups.get(key)! }));
}

function operationLines(op: OperationSummary, paint: Paint): string[] {
  const text = op.description;
  const marker = /^(create|add)\b/.test(text) ? "+" : /^(drop|remove)\b/.test(text) ? "-" : "~";
  const colour = marker === "+" ? "green" : marker === "-" ? "red" : "yellow";
  return [
    `    ${paint(colour, marker)} ${text}`,
    ...op.hazards.map(
      (hazard) =>
        // The whole line in one colour: the text stays searchable in a terminal's scrollback.
        `        ${paint(hazard.kind === "data-loss" ? "red" : "yellow", `${hazardLabel(hazard.kind)}: ${hazard.reason}`)}`,
    ),
    ...op.notes.map((note) => `        ${paint("cyan", note)}`),
  ];
}
