/**
 * A cold model load transpiles its entity files all at once on swc's threads (`pretranspile`) before
 * loading them one by one. What it puts in the transpile cache must be what the one-by-one path gives
 * each file: swc's output where its decorator metadata is provably TypeScript's, nothing (so the load
 * uses TypeScript) elsewhere.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { transpileWithSwc } from "../../src/loader/swc-transpile.js";
import {
  isTranspiled,
  pretranspile,
  transpiled,
  transpileWithTypeScript,
} from "../../src/loader/transpile.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures");
const scratch = mkdtempSync(path.join(tmpdir(), "retort-pretranspile-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("every oracle pair's and the loader fixtures' files: the batch gives what the one-by-one path gives", async () => {
  // Copies with a comment no earlier run wrote, so that none of them is in the transpile cache yet.
  cpSync(path.join(fixtures, "oracle-pairs"), path.join(scratch, "oracle-pairs"), { recursive: true });
  cpSync(path.join(fixtures, "loader-metadata"), path.join(scratch, "loader-metadata"), { recursive: true });
  const files = readdirSync(scratch, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join(scratch, file));
  const token = `// ${Date.now()} ${Math.random()}\n`;
  for (const file of files) writeFileSync(file, token + readFileSync(file, "utf8"));
  expect(files.length).toBeGreaterThan(100);
  const sources = new Map(files.map((file) => [file, readFileSync(file, "utf8")]));
  for (const file of files) expect(isTranspiled(file, sources.get(file)!)).toBe(false);

  await pretranspile(files);

  let bySwc = 0;
  for (const file of files) {
    const source = sources.get(file)!;
    // In the cache exactly where swc could take it: the rest is left for TypeScript during the load.
    expect(isTranspiled(file, source), file).toBe(transpileWithSwc(source, file) !== undefined);
    const expected = transpileWithSwc(source, file) ?? transpileWithTypeScript(source, file);
    expect(transpiled(file, source), file).toBe(expected);
    if (transpileWithSwc(source, file) !== undefined) bySwc++;
  }
  // Most files take swc's path.
  expect(bySwc).toBeGreaterThan(files.length / 2);
});
