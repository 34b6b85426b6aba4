/**
 * sameData (src/diff/compare/same-data.ts) stands in for comparing two JSON texts: it must answer as
 * they would, except that the order of an object's keys does not matter.
 */
import { expect, test } from "vitest";
import { sameData } from "../../src/diff/compare/same-data.js";

const index = {
  kind: "index",
  name: "IDX_a",
  unique: true,
  method: "btree",
  elements: [{ value: "code", expression: false, descending: false }],
  include: [],
  nullsNotDistinct: false,
};

test.each([
  ["the same object", index, structuredClone(index), true],
  ["an undefined property is an absent one", { ...index, where: undefined }, index, true],
  ["keys in another order", Object.fromEntries(Object.entries(index).reverse()), index, true],
  ["a nested difference", { ...index, elements: [{ ...index.elements[0], descending: true }] }, index, false],
  ["a property only one side has", { ...index, where: "(code IS NOT NULL)" }, index, false],
  ["arrays of different lengths", { ...index, include: ["name"] }, index, false],
  ["an array and an object", { ...index, include: {} }, index, false],
  ["null and an object", { ...index, include: null }, index, false],
  ["a string and a number", { ...index, name: "1" }, { ...index, name: 1 }, false],
  ["arrays in another order", ["a", "b"], ["b", "a"], false],
] as const)("%s", (_name, a, b, same) => {
  expect(sameData(a, b)).toBe(same);
  expect(sameData(b, a)).toBe(same);
});
