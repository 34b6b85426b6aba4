/**
 * The README's TypeScript examples compile against the package as published: each ```ts block of the
 * "Configuration" and "Library API" sections is type-checked (strict, NodeNext) in a scratch project
 * where `retort` resolves through package.json's `exports` to dist/index.d.ts. Needs `npm run build`.
 */
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function examplesIn(readme: string, sections: readonly string[]): string[] {
  return sections.flatMap((title) => {
    const start = readme.indexOf(`\n## ${title}\n`);
    if (start === -1) throw new Error(`README has no section '${title}'`);
    const end = readme.indexOf("\n## ", start + 1);
    const body = readme.slice(start, end === -1 ? undefined : end);
    return [...body.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  });
}

test("the README's configuration and library examples type-check against the published types", () => {
  const examples = examplesIn(readFileSync(path.join(repoRoot, "README.md"), "utf8"), [
    "Configuration",
    "Library API",
  ]);
  expect(examples.length).toBeGreaterThanOrEqual(3);

  const dir = mkdtempSync(path.join(tmpdir(), "retort-readme-"));
  try {
    // The repository's dependencies, and `retort` itself as an installed package would resolve.
    mkdirSync(path.join(dir, "node_modules"));
    for (const name of readdirSync(path.join(repoRoot, "node_modules"))) {
      if (name.startsWith(".")) continue;
      symlinkSync(path.join(repoRoot, "node_modules", name), path.join(dir, "node_modules", name));
    }
    symlinkSync(repoRoot, path.join(dir, "node_modules/retort"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        include: ["*.ts"],
      }),
    );
    examples.forEach((code, i) => {
      writeFileSync(path.join(dir, `example-${i + 1}.ts`), code);
    });
    const tsc = spawnSync(
      process.execPath,
      [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir],
      {
        encoding: "utf8",
      },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
