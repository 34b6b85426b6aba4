/**
 * The loader's caches hold code that is run. Without a project node_modules they live under the temp
 * directory, which other users share: in a directory of this user's own, or nowhere.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";

const cacheBaseModule = path.resolve(import.meta.dirname, "../../dist/loader/cache-base.js");
const scratch = mkdtempSync(path.join(tmpdir(), "retort-cache-base-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** cacheBase() as a process in `cwd` (no node_modules) with its temp directory at `temp` sees it. */
function cacheBaseIn(temp: string): string | null {
  const cwd = path.join(temp, "project");
  mkdirSync(cwd, { recursive: true });
  const script = `const { cacheBase } = await import(${JSON.stringify(cacheBaseModule)}); console.log(JSON.stringify(cacheBase() ?? null));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd,
    env: { ...process.env, TMPDIR: temp },
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as string | null;
}

const uid = process.getuid?.();

test.skipIf(uid === undefined)("a directory of this user's own, readable by no one else", () => {
  const temp = path.join(scratch, "fresh");
  const base = cacheBaseIn(temp);
  expect(base).toBe(path.join(temp, `retort-${uid}`));
  const stat = statSync(base!);
  expect(stat.uid).toBe(uid);
  expect(stat.mode & 0o777).toBe(0o700);
});

test.skipIf(uid === undefined)("a directory of that name others can write to means no cache", () => {
  const temp = path.join(scratch, "open");
  mkdirSync(path.join(temp, `retort-${uid}`), { recursive: true });
  chmodSync(path.join(temp, `retort-${uid}`), 0o777);
  expect(cacheBaseIn(temp)).toBeNull();
});

test.skipIf(uid !== 0)("a directory of that name another user owns means no cache", () => {
  const temp = path.join(scratch, "foreign");
  const planted = path.join(temp, `retort-${uid}`);
  mkdirSync(planted, { recursive: true, mode: 0o700 });
  chownSync(planted, 65534, 65534);
  expect(cacheBaseIn(temp)).toBeNull();
});

test.skipIf(uid === undefined)("a link of that name means no cache, wherever it points", () => {
  const temp = path.join(scratch, "linked");
  const elsewhere = path.join(scratch, "elsewhere");
  mkdirSync(temp, { recursive: true });
  mkdirSync(elsewhere, { mode: 0o700 });
  symlinkSync(elsewhere, path.join(temp, `retort-${uid}`));
  expect(cacheBaseIn(temp)).toBeNull();
});
