/** The status line for long steps: on a terminal only, after a second, with the elapsed time. */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { progressDetail, withActivity, withProgress, withProgressPaused } from "../../src/cli/progress.js";

let written: string[];
const originalIsTTY = process.stderr.isTTY;

beforeEach(() => {
  written = [];
  vi.useFakeTimers();
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  process.stderr.isTTY = originalIsTTY;
});

/** A step that runs for `ms` of fake time. */
const step = (ms: number, during?: () => void) =>
  new Promise<string>((resolve) => {
    setTimeout(() => during?.(), ms / 2);
    setTimeout(() => resolve("done"), ms);
  });

test("on a terminal: nothing for a second, then the label, the detail and the elapsed time; cleared at the end", async () => {
  process.stderr.isTTY = true;
  const result = withProgress("upgrade", () => step(3000, () => progressDetail("revision 2 of 5")));
  await vi.advanceTimersByTimeAsync(900);
  expect(written).toEqual([]);
  await vi.advanceTimersByTimeAsync(2100);
  expect(await result).toBe("done");
  const CLEAR = "\r\x1b[K";
  expect(written[0]?.startsWith(CLEAR)).toBe(true);
  expect(written[0]?.slice(CLEAR.length)).toMatch(/^upgrade \(1\.\d s\)$/);
  expect(written.map((w) => w.slice(CLEAR.length))).toContainEqual(
    expect.stringMatching(/^upgrade: revision 2 of 5 \(\d\.\d s\)$/),
  );
  expect(written.at(-1)).toBe("\r\x1b[K");
});

test("not on a terminal: never drawn", async () => {
  process.stderr.isTTY = false;
  const result = withProgress("upgrade", () => step(3000));
  await vi.advanceTimersByTimeAsync(3000);
  await result;
  expect(written).toEqual([]);
});

test("a question on the terminal is not drawn over", async () => {
  process.stderr.isTTY = true;
  const result = withProgress("revision", async () => {
    await step(1500);
    const before = written.length;
    await withProgressPaused(() => step(2000));
    // Cleared once when the question starts, then nothing while it waits for an answer.
    expect(written.slice(before)).toEqual(["\r\x1b[K"]);
    return "answered";
  });
  await vi.advanceTimersByTimeAsync(4000);
  expect(await result).toBe("answered");
});

test("an activity is the command line's detail while it runs, or a line of its own", async () => {
  process.stderr.isTTY = true;
  const CLEAR = "\r\x1b[K";
  const drawn = () => written.map((w) => w.slice(CLEAR.length)).filter(Boolean);
  const inUpgrade = withProgress("upgrade", async () => {
    progressDetail("revision 1 of 2");
    await withActivity("initialising the embedded database", () => step(1500));
    await step(1000);
  });
  await vi.advanceTimersByTimeAsync(2500);
  await inUpgrade;
  expect(drawn()).toContainEqual(
    expect.stringMatching(/^upgrade: initialising the embedded database \(1\.\d s\)$/),
  );
  expect(drawn().at(-1)).toMatch(/^upgrade: revision 1 of 2 \(2\.\d s\)$/);

  written = [];
  const alone = withActivity("initialising the embedded database", () => step(1500));
  await vi.advanceTimersByTimeAsync(1500);
  await alone;
  expect(drawn()).toContainEqual(expect.stringMatching(/^initialising the embedded database \(1\.\d s\)$/));
  expect(written.at(-1)).toBe(CLEAR);
});
