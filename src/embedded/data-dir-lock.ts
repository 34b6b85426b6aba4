/**
 * One retort process at a time per embedded data directory. PGlite is a single-user PostgreSQL: two
 * processes opening the same directory would both write to it and corrupt it, and PGlite itself does
 * not refuse the second one.
 *
 * The lock is a file created with `open(…, "wx")` (atomic: exactly one creator wins) holding the
 * owner's pid and host. A lock whose owner is gone (killed, crashed) is stale and is taken over; a live
 * owner is waited for, polling, up to a timeout, then the error names the owner and the file.
 */
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { RetortError } from "../errors.js";

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface AcquireLockOptions {
  /** How long to wait for a live owner, in milliseconds (default 120 s: a long migration may hold it). */
  readonly timeoutMs?: number;
  /** Called once, when the lock is held by another live process and this one starts waiting. */
  readonly onWait?: (owner: LockOwner) => void;
  /** What the lock protects, for the messages ("the embedded database in /p/.retort/pgdata"). */
  readonly what: string;
}

export interface HeldLock {
  release(): Promise<void>;
}

const POLL_MS = 200;
/** How long a lock file may stay empty or unparsable before it counts as left by a crash. */
const HALF_WRITTEN_GRACE_MS = 5_000;

export async function acquireLock(lockFile: string, options: AcquireLockOptions): Promise<HeldLock> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  let waitedFor: number | undefined;
  for (;;) {
    if (await tryCreate(lockFile, me)) return { release: () => rm(lockFile, { force: true }) };
    const owner = await readOwner(lockFile);
    if (owner === undefined) continue; // Released between our attempt and the read: try again.
    if (isStale(owner)) {
      // Removing by name could delete a lock another waiter has just re-created; that waiter found the
      // same dead pid, so at worst both retry `wx` and exactly one wins.
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new RetortError(
        `${capitalise(options.what)} is in use by another retort process (pid ${owner.pid} on ${owner.host}, ` +
          `since ${owner.since}). Wait for it to finish, or delete ${lockFile} if that process no longer exists.`,
      );
    }
    if (owner.pid > 0 && waitedFor !== owner.pid) {
      waitedFor = owner.pid;
      options.onWait?.(owner);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function tryCreate(lockFile: string, owner: LockOwner): Promise<boolean> {
  try {
    await writeFile(lockFile, `${JSON.stringify(owner)}\n`, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new RetortError(`Could not create the lock file ${lockFile}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * The owner named in the file. A file that cannot be parsed is either being written right now (the
 * creator is between `open` and `write`) or was cut short by a crash: young, it is treated as held by
 * an unknown live owner; older than a few seconds, as dead.
 */
async function readOwner(lockFile: string): Promise<LockOwner | undefined> {
  let text: string;
  try {
    text = await readFile(lockFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === "number" && typeof owner.host === "string") {
      return { pid: owner.pid, host: owner.host, since: String(owner.since ?? "?") };
    }
  } catch {
    // Fall through: a half-written file.
  }
  const age = Date.now() - (await stat(lockFile).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
  return { pid: age > HALF_WRITTEN_GRACE_MS ? 0 : -1, host: hostname(), since: "?" };
}

/**
 * Only a process on this host can be checked; one on another host (a shared volume) is assumed alive.
 * pid 0 marks a file left half-written by a crash, pid -1 one still being written.
 */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname() || owner.pid < 0) return false;
  return owner.pid === 0 || !isProcessAlive(owner.pid);
}

/** Whether a process with this pid exists on this host. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
