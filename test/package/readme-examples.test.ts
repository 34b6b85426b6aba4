/**
 * The README's TypeScript examples compile against the package as published: each ```ts block of the
 * "Configuration" and "Library API" sections is type-checked (strict, NodeNext) in a scratch project
 * where `retort` resolves through package.json's `exports` to dist/index.d.ts. The configuration
 * example also runs as written through the built CLI, in a project that has `retort` installed and in
 * one that does not (retort run from a clone, or by npx). Needs `npm run build`.
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
import { cliPath } from "../support/project.js";

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

/** A scratch project whose node_modules holds the repository's dependencies, and retort if `installed`. */
function scratchProject(installed: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), "retort-readme-"));
  mkdirSync(path.join(dir, "node_modules"));
  for (const name of readdirSync(path.join(repoRoot, "node_modules"))) {
    if (name.startsWith(".")) continue;
    symlinkSync(path.join(repoRoot, "node_modules", name), path.join(dir, "node_modules", name));
  }
  if (installed) symlinkSync(repoRoot, path.join(dir, "node_modules/retort"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  return dir;
}

test.for([
  ["installed", true],
  ["not installed (a clone, npx)", false],
] as const)("the README's configuration example runs as written, retort %s", ([, installed]) => {
  const [example] = examplesIn(readFileSync(path.join(repoRoot, "README.md"), "utf8"), ["Configuration"]);
  const dir = scratchProject(installed);
  try {
    writeFileSync(path.join(dir, "retort.config.ts"), example!);
    // What the example names that is read when the config is: its template and migrations directory.
    writeFileSync(
      path.join(dir, "migration.template"),
      "{{header}}\n{{imports}}\n{{upgrade}}\n{{downgrade}}\n",
    );
    mkdirSync(path.join(dir, "migrations"));
    const { APP_DATABASE_URL: _unset, ...env } = process.env;
    const history = spawnSync(process.execPath, [cliPath, "history"], { cwd: dir, env, encoding: "utf8" });
    expect(history.stderr).toBe("");
    expect(history.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the README's configuration and library examples type-check against the published types", () => {
  const examples = examplesIn(readFileSync(path.join(repoRoot, "README.md"), "utf8"), [
    "Configuration",
    "Library API",
  ]);
  expect(examples.length).toBeGreaterThanOrEqual(3);

  // The repository's dependencies, and `retort` itself as an installed package would resolve.
  const dir = scratchProject(true);
  try {
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
