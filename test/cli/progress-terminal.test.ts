/**
 * The status line as a user sees it, through the built CLI in a pseudo-terminal (./progress.test.ts
 * tests the drawing with fake timers): a long upgrade says how far it is, and a first start of the
 * embedded database says what it is doing while initdb runs (in a worker, so the line keeps ticking).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { cliPath, createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

const ptyRun = path.join(path.dirname(fileURLToPath(import.meta.url)), "../support/pty-run.py");
const CLEAR = "\r\x1b[K";

/** Runs the CLI on a terminal; stdout and stderr come back together, as the terminal shows them. */
function onTerminal(cwd: string, args: readonly string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return spawnSync("python3", [ptyRun, "[]", process.execPath, cliPath, ...args], {
    cwd,
    env: { ...rest, NO_COLOR: "1", ...env },
    encoding: "utf8",
  });
}

/**
 * What the status line showed, each drawing once, in order: the text between two clears that ends no
 * line (a log line or the output, written after a clear, ends with one).
 */
const statusLines = (output: string) => [
  ...new Set(
    output
      .split(CLEAR)
      .slice(1)
      .filter((part) => part !== "" && !part.includes("\n")),
  ),
];

describeWithDatabase("the status line of a long upgrade", () => {
  const db = useDatabase("retort_progress");
  let project: MigrationsProject;
  beforeAll(() => {
    project = createMigrationsProject(
      ["a1", "a2", "a3"].map((n, i) => ({
        id: `${n}0000000000`,
        down: i === 0 ? null : `a${i}0000000000`,
        message: `step ${i + 1}`,
        upgrade: `await op.execute("SELECT pg_sleep(0.6)");`,
        downgrade: "",
      })),
    );
  });
  afterAll(() => project?.remove());

  test("says which revision of how many is running, with the time taken, and is gone at the end", () => {
    const result = onTerminal(project.dir, ["upgrade", "head"], { DATABASE_URL: db().url });
    expect(result.status, result.stdout).toBe(0);
    const shown = statusLines(result.stdout);
    // Drawn after a second (on a busy machine that can be before the first step starts).
    expect(shown.length).toBeGreaterThan(0);
    for (const line of shown) expect(line).toMatch(/^upgrade(: revision [123] of 3)? \(\d+\.\d s\)$/);
    expect(shown.some((line) => line.startsWith("upgrade: revision 3 of 3 ("))).toBe(true);
    // Cleared before the log lines and at the end: every log line starts at the left margin.
    expect(result.stdout).toContain(
      "INFO  [retort.runtime.migration] Running upgrade a20000000000 -> a30000000000",
    );
    expect(result.stdout.endsWith(CLEAR)).toBe(true);
  });
});

test("a first start of the embedded database says what it is doing while initdb runs", () => {
  // An empty user cache: this start runs initdb.
  const project = createMigrationsProject();
  try {
    const result = onTerminal(project.dir, ["current"], {
      RETORT_CACHE_DIR: path.join(project.dir, "cache"),
    });
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toContain("(first start only: later starts, in any project, copy it)");
    const shown = statusLines(result.stdout);
    expect(shown.length).toBeGreaterThan(0);
    for (const line of shown)
      expect(line).toMatch(/^initialising the embedded database, first start only \(\d+\.\d s\)$/);
    // It ticks while initdb runs: more than one drawing.
    expect(shown.length).toBeGreaterThan(1);
    expect(result.stdout).toContain("<base> (no revision applied)");
  } finally {
    project.remove();
  }
});
