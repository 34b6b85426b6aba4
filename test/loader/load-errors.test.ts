/**
 * An error while loading the models names the file where it happened and the imports that led there,
 * not the entity file retort asked for (issue 17, item 1). Through the built CLI; nothing connects
 * (the URL points at a closed port, and loading comes first).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createProject, type Project } from "../support/project.js";

let project: Project;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(project.dir, file)), { recursive: true });
  writeFileSync(path.join(project.dir, file), text);
};
const check = (...flags: string[]) =>
  project.run([...flags, "--entities", "src/entity/*.ts", "--url", "postgresql://x@127.0.0.1:1/x", "check"]);

beforeAll(() => {
  project = createProject();
  write("package.json", '{ "name": "blame-app", "private": true }\n');
  write(
    "src/entity/Post.ts",
    'import { Entity, PrimaryGeneratedColumn } from "typeorm";\nimport { slugify } from "../lib/format";\n' +
      "@Entity() export class Post { @PrimaryGeneratedColumn() id!: number; }\nexport const slug = slugify;\n",
  );
});
afterAll(() => project?.remove());

const cases: Array<[string, Record<string, string>, string]> = [
  [
    "a TypeScript module that throws, two imports down",
    {
      "src/lib/format.ts": 'export { slugify } from "./slug";\n',
      "src/lib/slug.ts": 'throw new Error("boom");\nexport const slugify = 1;\n',
    },
    "Could not load src/lib/slug.ts (imported by src/lib/format.ts ← src/entity/Post.ts): boom",
  ],
  [
    "a TypeScript module whose own import does not resolve",
    {
      "src/lib/format.ts": 'export { slugify } from "./slug";\n',
      "src/lib/slug.ts": 'import "./missing";\nexport const slugify = 1;\n',
    },
    "Could not load src/lib/slug.ts (imported by src/lib/format.ts ← src/entity/Post.ts): Cannot find module './missing'",
  ],
  [
    "a CommonJS JavaScript module that throws",
    {
      "src/lib/format.ts": 'export { slugify } from "./slug.js";\n',
      "src/lib/slug.js": 'throw new Error("js boom");\n',
    },
    "Could not load src/lib/slug.js (imported by src/lib/format.ts ← src/entity/Post.ts): js boom",
  ],
];

test.each(cases)("%s: the file where it happened, and the chain", (_name, files, message) => {
  rmSync(path.join(project.dir, "src/lib"), { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) write(file, text);
  const result = check();
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(`FAILED: ${message}\n`);
});

test("--traceback shows the original error's stack, where it was thrown", () => {
  rmSync(path.join(project.dir, "src/lib"), { recursive: true, force: true });
  write("src/lib/format.ts", 'export { slugify } from "./slug";\n');
  write("src/lib/slug.ts", 'throw new Error("boom");\nexport const slugify = 1;\n');
  const result = check("--traceback");
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/Caused by: Error: boom\n\s+at .*src[/\\]lib[/\\]slug\.ts:\d+:\d+/);
});
