/**
 * A retort process the test can watch while it runs: wait for a line on its stderr, signal it, and
 * collect its exit. For the tests that act in the middle of a migration (kill it, terminate its
 * session, start a rival run).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cliPath } from "./project.js";

export interface WatchedRun {
  readonly child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves once stderr matches `pattern`; rejects if the process ends first or after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The exit status (null when killed by a signal), stdout and stderr. */
  readonly done: Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

export function startCli(cwd: string, args: readonly string[], env: Record<string, string>): WatchedRun {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...rest, NO_COLOR: "1", ...env } });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout!.on("data", (d) => {
    stdout += d;
  });
  child.stderr!.on("data", (d) => {
    stderr += d;
    for (const listener of listeners) listener();
  });
  const done = new Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr })));
  let finished = false;
  void done.then(() => {
    finished = true;
    for (const listener of listeners) listener();
  });
  return {
    child,
    stderr: () => stderr,
    done,
    waitForStderr(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} on stderr:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (pattern.test(stderr)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (finished) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`process ended before ${pattern} appeared on stderr:\n${stderr}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
