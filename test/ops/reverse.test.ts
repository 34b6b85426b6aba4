import { expect, test } from "vitest";
import type { Operation } from "../../src/ops/operations.js";
import { reverse, reverseAll } from "../../src/ops/reverse.js";
import { sampleOperations } from "../support/sample-operations.js";

/**
 * Hazards describe a direction, and NOT VALID describes how a constraint is first added online (a
 * re-added constraint in a downgrade is added validated), so neither survives a double inverse.
 */
const withoutHazards = (op: Operation) => {
  const { hazards: _hazards, ...rest } = op as Operation & { notValid?: boolean };
  const { notValid: _notValid, ...plain } = rest as typeof rest & { notValid?: boolean };
  return plain;
};

test.for(sampleOperations.map((op) => [op.kind, op] as const))(
  "reverse(reverse(%s)) is the original",
  ([, op]) => {
    expect(withoutHazards(reverse(reverse(op)))).toEqual(withoutHazards(op));
  },
);

test("a type change without an assignment cast casts back with USING in its inverse", () => {
  const alter = sampleOperations.find((op) => op.kind === "alterColumn" && op.column === "age")!;
  expect(reverse(alter)).toMatchObject({ modify: { type: "text" } });
  expect(reverse(alter)).not.toHaveProperty("using"); // integer → text has an assignment cast
});

test("reverseAll inverts the order", () => {
  const kinds = reverseAll(sampleOperations.slice(0, 3)).map((op) => op.kind);
  expect(kinds).toEqual(["dropTable", "dropSchema", "dropExtension"]);
});

test("dropping marks data loss; re-creating does not", () => {
  const create = sampleOperations[2]!;
  expect(reverse(create).hazards?.[0]?.kind).toBe("data-loss");
  expect(reverse(reverse(create)).hazards).toBeUndefined();
});
