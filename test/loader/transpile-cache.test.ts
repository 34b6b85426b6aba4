import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { TranspileCache } from "../../src/loader/transpile-cache.js";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "retort-packs-"));
  dirs.push(dir);
  return path.join(dir, "packs");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test("what one process transpiled is one pack, read back by the next", () => {
  const dir = freshDir();
  const first = new TranspileCache(dir);
  expect(first.get("a")).toBeUndefined();
  for (let i = 0; i < 100; i++) first.set(`key${i}`, `code ${i}`);
  first.flush();
  expect(readdirSync(dir)).toHaveLength(1);
  const second = new TranspileCache(dir);
  expect(second.get("key42")).toBe("code 42");
  expect(second.get("missing")).toBeUndefined();
  second.flush();
  expect(readdirSync(dir)).toHaveLength(1);
});

test("packs are merged into one past sixteen, keeping every entry", () => {
  const dir = freshDir();
  for (let run = 0; run < 20; run++) {
    const cache = new TranspileCache(dir);
    cache.get(`run${run}`);
    cache.set(`run${run}`, `code of run ${run}`);
    cache.flush();
    expect(readdirSync(dir).length).toBeLessThanOrEqual(16);
  }
  const reader = new TranspileCache(dir);
  for (let run = 0; run < 20; run++) expect(reader.get(`run${run}`)).toBe(`code of run ${run}`);
});

test("an unreadable pack is a miss, not an error; no temporary file is left behind", () => {
  const dir = freshDir();
  const cache = new TranspileCache(dir);
  cache.set("good", "kept");
  cache.flush();
  writeFileSync(path.join(dir, "broken.json"), '{"half": "writ');
  const reader = new TranspileCache(dir);
  expect(reader.get("good")).toBe("kept");
  expect(reader.get("half")).toBeUndefined();
  expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
});

test("a cache listens for the process's exit only while it holds something unflushed", () => {
  const listeners = () => process.listenerCount("exit");
  const before = listeners();
  const cache = new TranspileCache(freshDir());
  cache.set("a", "1");
  cache.set("a", "2");
  cache.set("b", "3");
  expect(listeners()).toBe(before + 1);
  cache.flush();
  expect(listeners()).toBe(before);
  cache.set("c", "4");
  expect(listeners()).toBe(before + 1);
  cache.flush();
  expect(listeners()).toBe(before);
});
