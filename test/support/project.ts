/**
 * A user's project on disk for end-to-end tests: a copy of a fixture in a temp directory, with
 * retort's node_modules linked in so the entities' `import ... from "typeorm"` resolves as it would in
 * a real project, and the built CLI run the way a user runs it.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const cliPath = path.join(repoRoot, "dist/cli.cjs");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Project {
  readonly dir: string;
  run(args: readonly string[], env?: Record<string, string | undefined>): CliResult;
  /** `run` in a folder of the project (a monorepo's app). */
  runIn(subdir: string, args: readonly string[], env?: Record<string, string | undefined>): CliResult;
  runAsync(args: readonly string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  remove(): void;
}

/** Environment for the CLI: the test decides DATABASE_URL, nothing leaks in from the outer shell. */
function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, NO_COLOR: "1", ...env };
}

/**
 * A fixture project ready for retort: an empty migrations folder and a retort.config.json naming its
 * entity files (`src/entity/*.ts`), as `retort init` leaves a project.
 */
export function createConfiguredProject(fixture: string): Project {
  const project = createProject(fixture);
  mkdirSync(path.join(project.dir, "migrations"));
  writeFileSync(
    path.join(project.dir, "retort.config.json"),
    JSON.stringify({ entities: ["src/entity/*.ts"] }),
  );
  return project;
}

export function createProject(fixture?: string): Project {
  const dir = mkdtempSync(path.join(tmpdir(), "retort-project-"));
  if (fixture) cpSync(path.join(repoRoot, "test/fixtures", fixture), dir, { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return {
    dir,
    run(args, env = {}) {
      return this.runIn(".", args, env);
    },
    runIn(subdir, args, env = {}) {
      const result = spawnSync(process.execPath, [cliPath, ...args], {
        cwd: path.join(dir, subdir),
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
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
