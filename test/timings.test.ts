/** The profile mode: which DEBUG values turn it on, and the report's shape. */
import { expect, test, vi } from "vitest";
import { recordSpan, timed, timingReport, timingsWanted } from "../src/timings.js";

test.for([
  ["retort:timing", true],
  ["express:*,retort:timing", true],
  ["retort:*", true],
  ["*", true],
  ["retort:other", false],
  ["", false],
] as const)("DEBUG=%s → %s", ([debug, wanted]) => {
  expect(timingsWanted({ DEBUG: debug })).toBe(wanted);
});

test("phases in the order they started, repeated ones summed, then the rest and the total", async () => {
  await timed("reading the catalog", () => new Promise((resolve) => setTimeout(resolve, 5)));
  recordSpan("diffing", performance.now());
  recordSpan("diffing", performance.now());
  const lines = timingReport(0, performance.now() + 1000);
  expect(lines[0]).toMatch(/^timing {2}start-up \(node, modules\) +\d+ ms$/);
  expect(lines.slice(1, 3).map((line) => line.replace(/ +\d+ ms/, ""))).toEqual([
    "timing  reading the catalog",
    "timing  diffing (2×)",
  ]);
  expect(lines.at(-2)).toMatch(/^timing {2}other \(config, connecting, loading modules\) +\d+ ms$/);
  expect(lines.at(-1)).toMatch(/^timing {2}total +\d+ ms$/);
});

test("phases that overlap are counted once: the rest is the time no phase covers", async () => {
  vi.resetModules();
  const fresh = await import("../src/timings.js");
  const clock = vi.spyOn(performance, "now");
  try {
    // The model loads from 0 to 100 ms; the catalog read runs from 50 to 150 ms, beside it.
    clock.mockReturnValue(100);
    fresh.recordSpan("model cache: lookup", 0);
    clock.mockReturnValue(150);
    fresh.recordSpan("reading the catalog", 50);
    const lines = fresh.timingReport(0, 1000);
    expect(lines.at(-2)).toMatch(/^timing {2}other \(config, connecting, loading modules\) +850 ms$/);
  } finally {
    clock.mockRestore();
  }
});
