/**
 * Hand-written migration files in a temp directory, and the built CLI run against them as a user runs
 * it (`node dist/cli.cjs ...`), with an environment the test controls (no DATABASE_URL leaks in).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const cliPath = path.join(repoRoot, "dist/cli.cjs");

export interface MigrationSpec {
  readonly id: string;
  readonly down: string | readonly string[] | null;
  readonly message: string;
  /** Body of `upgrade({ op })`. */
  readonly upgrade: string;
  /** Body of `downgrade({ op })`. */
  readonly downgrade: string;
}

/** The file as design.md shapes it: header comment, `revision`/`downRevision`, two functions. */
export function migrationSource(spec: MigrationSpec): string {
  const revises = spec.down === null ? "" : typeof spec.down === "string" ? spec.down : spec.down.join(", ");
  return `/**
 * ${spec.message}
 *
 * Revision ID: ${spec.id}
 * Revises: ${revises}
 * Create Date: 2026-11-24 10:15:00.000
 */
import type { MigrationContext } from "retort";

export const revision = ${JSON.stringify(spec.id)};
export const downRevision: string | readonly string[] | null = ${JSON.stringify(spec.down)};

export async function upgrade({ op }: MigrationContext): Promise<void> {
  ${spec.upgrade}
}

export async function downgrade({ op }: MigrationContext): Promise<void> {
  ${spec.downgrade}
}
`;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface MigrationsProject {
  /** The project directory (cwd of the CLI); migrations are in `<dir>/migrations`. */
  readonly dir: string;
  write(spec: MigrationSpec): string;
  writeFile(name: string, text: string): string;
  run(args: readonly string[], env?: Record<string, string | undefined>): CliResult;
  runAsync(args: readonly string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  remove(): void;
}

function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, NO_COLOR: "1", ...env };
}

export function createMigrationsProject(specs: readonly MigrationSpec[] = []): MigrationsProject {
  const dir = mkdtempSync(path.join(tmpdir(), "retort-runner-"));
  const migrations = path.join(dir, "migrations");
  const project: MigrationsProject = {
    dir,
    write(spec) {
      const slug = spec.message.toLowerCase().replace(/\W+/g, "_");
      return project.writeFile(`migrations/${spec.id}_${slug}.ts`, migrationSource(spec));
    },
    writeFile(name, text) {
      const file = path.join(dir, name);
      mkdirpFor(file);
      writeFileSync(file, text);
      return file;
    },
    run(args, env = {}) {
      const result = spawnSync(process.execPath, [cliPath, ...args], {
        cwd: dir,
        env: cliEnv(env),
        encoding: "utf8",
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    runAsync(args, env = {}) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [cliPath, ...args], { cwd: dir, env: cliEnv(env) });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => {
          stdout += d;
        });
        child.stderr.on("data", (d) => {
          stderr += d;
        });
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  mkdirpFor(path.join(migrations, "x"));
  for (const spec of specs) project.write(spec);
  return project;
}

function mkdirpFor(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
}
