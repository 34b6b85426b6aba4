/**
 * The README's reliability table states what test/reliability/ does; this keeps the two from drifting
 * apart (the counts in the table are the suites' own).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { BAD_INPUT_CASES } from "./bad-input-cases.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(path.join(here, "../../README.md"), "utf8");
const testSource = (name: string) => readFileSync(path.join(here, name), "utf8");

/** The "How many" cell of the row whose first cell starts with `label`. */
function howMany(label: string): string {
  const row = readme.split("\n").find((line) => line.startsWith(`| ${label}`));
  if (!row) throw new Error(`no README row starting with "${label}"`);
  return row.split("|")[2]!.trim();
}

test("bad inputs: the table counts the cases the suite tries", () => {
  expect(howMany("Bad files, config and connection settings")).toBe(String(BAD_INPUT_CASES.length));
});

test("concurrency: the number of processes is the one the suite starts", () => {
  const processes =
    /Array\.from\(\{ length: (\d+) \}, \(\) => startCli\(project\.dir, \["upgrade", "head"\]/.exec(
      testSource("concurrency.test.ts"),
    )?.[1];
  expect(howMany("Concurrent `retort upgrade head` processes")).toBe(`${processes} processes, 3 revisions`);
});

test("faults: one per test in the faults suite", () => {
  const faults = testSource("faults.test.ts").match(/^ {2}test\(/gm)?.length;
  expect(howMany("Faults in the middle of a migration")).toBe(String(faults));
});
