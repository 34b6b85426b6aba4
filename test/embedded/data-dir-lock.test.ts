/** The embedded data directory's lock file: one owner, stale owners taken over, live ones waited for. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { acquireLock, type LockOwner } from "../../src/embedded/data-dir-lock.js";

let dir: string;
let lockFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "retort-lock-"));
  lockFile = path.join(dir, "pgdata.lock");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const what = "the embedded database in /p/.retort/pgdata";

test("the file names its owner while held, and is gone once released", async () => {
  const lock = await acquireLock(lockFile, { what });
  expect(JSON.parse(readFileSync(lockFile, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
  await lock.release();
  expect(existsSync(lockFile)).toBe(false);
});

test("a live owner is waited for, then named in the error", async () => {
  const first = await acquireLock(lockFile, { what });
  const waits: LockOwner[] = [];
  await expect(
    acquireLock(lockFile, { what, timeoutMs: 500, onWait: (owner) => waits.push(owner) }),
  ).rejects.toThrow(
    new RegExp(
      `^The embedded database in /p/.retort/pgdata is in use by another retort process \\(pid ${process.pid} on .*\\)\\. ` +
        `Wait for it to finish, or delete ${lockFile.replace(/[.]/g, "\\.")} if that process no longer exists\\.$`,
    ),
  );
  expect(waits.map((owner) => owner.pid)).toEqual([process.pid]);
  await first.release();
});

test("the waiter gets the lock as soon as the owner releases it, not before", async () => {
  const first = await acquireLock(lockFile, { what });
  let releasedAt = Number.POSITIVE_INFINITY;
  setTimeout(() => {
    releasedAt = performance.now();
    void first.release();
  }, 300);
  const second = await acquireLock(lockFile, { what, timeoutMs: 5_000 });
  const acquiredAt = performance.now();
  // The waiter holds it now: the file names this process again, written after the release.
  expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
  expect(acquiredAt).toBeGreaterThanOrEqual(releasedAt);
  // "As soon as": within a couple of polls of the release, far under the 5 s the waiter would allow.
  expect(acquiredAt - releasedAt).toBeLessThan(1_000);
  await second.release();
  expect(existsSync(lockFile)).toBe(false);
});

test("a lock left by a process that no longer exists is taken over", async () => {
  const dead = spawn(process.execPath, ["-e", ""]);
  const pid = dead.pid!;
  await new Promise((resolve) => dead.on("exit", resolve));
  writeFileSync(lockFile, JSON.stringify({ pid, host: hostname(), since: "2026-01-01T00:00:00.000Z" }));
  const lock = await acquireLock(lockFile, { what, timeoutMs: 1_000 });
  expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
  await lock.release();
});

test("a lock on another host cannot be checked, so it is respected", async () => {
  writeFileSync(lockFile, JSON.stringify({ pid: 1, host: "elsewhere", since: "?" }));
  await expect(acquireLock(lockFile, { what, timeoutMs: 300 })).rejects.toThrow("(pid 1 on elsewhere");
});
