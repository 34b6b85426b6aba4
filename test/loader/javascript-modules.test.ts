/**
 * JavaScript next to the project's TypeScript: ES-module files are compiled to CommonJS by the loader's
 * one path (as TypeScript files are), CommonJS files, JSON and packages (an ES-module package included)
 * are Node's own. Every project file ends up in Node's module cache, where the model cache reads its
 * inputs from.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { importModule } from "../../src/loader/typescript.js";

const require = createRequire(import.meta.url);
let dir: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "retort-js-modules-"));
  write("package.json", '{ "name": "js-modules", "private": true }\n');
  write(
    "node_modules/esm-only/package.json",
    '{ "name": "esm-only", "type": "module", "main": "index.js" }\n',
  );
  write("node_modules/esm-only/index.js", 'export const fromPackage = "esm package";\n');
  write("src/settings.json", '{ "schema": "app" }\n');
  write("src/legacy.cjs", 'exports.legacy = "commonjs";\n');
  write("src/esm/package.json", '{ "type": "module" }\n');
  write("src/esm/helper.js", 'export const helper = "esm .js";\n');
  write(
    "src/entity.ts",
    [
      'import settings from "./settings.json";',
      'import { legacy } from "./legacy.cjs";',
      'import { helper } from "./esm/helper.js";',
      'import { fromPackage } from "esm-only";',
      "export const seen: string[] = [settings.schema, legacy, helper, fromPackage];",
      "",
    ].join("\n"),
  );
  write(
    "src/data-source.mjs",
    'import { seen } from "./entity.ts";\nexport const where = import.meta.url;\nexport default { seen };\n',
  );
  write("src/broken.mjs", "export const x = ;\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("an ES module importing TypeScript, which imports JSON, CommonJS, ES-module JavaScript and an ES-module package", async () => {
  const module = await importModule(path.join(dir, "src/data-source.mjs"));
  expect((module.default as { seen: string[] }).seen).toEqual(["app", "commonjs", "esm .js", "esm package"]);
  expect(module.where).toBe(`file://${path.join(dir, "src/data-source.mjs")}`);
  for (const file of ["data-source.mjs", "entity.ts", "settings.json", "legacy.cjs", "esm/helper.js"]) {
    expect(Object.keys(require.cache), file).toContain(path.join(dir, "src", file));
  }
});

test("a syntax error in an ES module names the file and the line", async () => {
  await expect(importModule(path.join(dir, "src/broken.mjs"))).rejects.toThrow(
    new RegExp(
      `Syntax error in ${path.join(dir, "src/broken.mjs").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:\\d+`,
    ),
  );
});
