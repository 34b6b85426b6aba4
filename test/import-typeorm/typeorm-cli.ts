/**
 * TypeORM's own CLI on a test project, as a TypeORM user runs it without ts-node: the sources compiled
 * to dist/ (CommonJS, decorator metadata), then `typeorm migration:generate` / `migration:run` on
 * dist/data-source.js. The compile is TypeScript's transpileModule per file: what `tsc` would emit
 * for these files, without type-checking every run on a loaded machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { Project } from "../support/project.js";

export function compile(project: Project): void {
  const src = path.join(project.dir, "src");
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const out = ts.transpileModule(readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        useDefineForClassFields: false,
        esModuleInterop: true,
      },
    });
    const target = path.join(project.dir, "dist", path.relative(src, file)).replace(/\.ts$/, ".js");
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
  }
}

/** `typeorm <args> -d dist/data-source.js` on the database at `url`, after compiling. */
export function typeorm(project: Project, url: string, ...args: string[]): string {
  compile(project);
  const cli = path.join(project.dir, "node_modules/typeorm/cli.js");
  const result = spawnSync(process.execPath, [cli, ...args, "-d", "dist/data-source.js"], {
    cwd: project.dir,
    // TypeORM colours its messages whenever chalk thinks it may (CI sets FORCE_COLOR): keep them plain.
    env: { ...process.env, DATABASE_URL: url, FORCE_COLOR: "0", NO_COLOR: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`typeorm ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * `migration:generate src/migrations/<name>`: the file TypeORM wrote, relative to the project. Found
 * by listing the folder before and after rather than by parsing TypeORM's message, whose wording and
 * colouring depend on its version and the terminal.
 */
export function generateMigration(project: Project, url: string, name: string): string {
  const folder = path.join(project.dir, "src/migrations");
  const before = new Set(listing(folder));
  const output = typeorm(project, url, "migration:generate", `src/migrations/${name}`);
  const written = listing(folder).filter((file) => !before.has(file));
  if (written.length !== 1) throw new Error(`migration:generate did not write one file:\n${output}`);
  return path.posix.join("src/migrations", written[0]!);
}

function listing(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder) : [];
}
