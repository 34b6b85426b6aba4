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
 */
import { hazardLabel } from "../commands/hazard-policy.js";
import { describe, targetOf } from "../ops/describe.js";
import type { Operation } from "../ops/operations.js";
import type { Paint } from "./colours.js";

const plain: Paint = (_style, text) => text;

export function operationSummary(operations: readonly Operation[], paint: Paint = plain): string[] {
  if (operations.length === 0) return [];
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const target = targetOf(op);
    const key = target
      ? target.schema === "public"
        ? target.table
        : `${target.schema}.${target.table}`
      : "";
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  // Schema-level objects first (they are created first), then tables in the differ's order.
  const keys = [...groups.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : 0));
  const count = operations.length === 1 ? "1 operation" : `${operations.length} operations`;
  return [
    `Detected ${count}:`,
    ...keys.flatMap((key) => [
      `  ${paint("bold", key === "" ? "(schema objects)" : key)}`,
      ...groups.get(key)!.flatMap((op) => operationLines(op, paint)),
    ]),
  ];
}

function operationLines(op: Operation, paint: Paint): string[] {
  const text = describe(op);
  const marker = /^(create|add)\b/.test(text) ? "+" : /^(drop|remove)\b/.test(text) ? "-" : "~";
  const colour = marker === "+" ? "green" : marker === "-" ? "red" : "yellow";
  return [
    `    ${paint(colour, marker)} ${text}`,
    ...(op.hazards ?? []).map(
      (hazard) =>
        // The whole line in one colour: the text stays searchable in a terminal's scrollback.
        `        ${paint(hazard.kind === "data-loss" ? "red" : "yellow", `${hazardLabel(hazard.kind)}: ${hazard.reason}`)}`,
    ),
    ...(op.notes ?? []).map((note) => `        ${paint("cyan", note)}`),
  ];
}
