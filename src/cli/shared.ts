/** What every command's CLI wrapper needs: the global options, the project options, and where output goes. */
import type { Command } from "commander";
import type { ProjectOptions } from "../commands/project-options.js";
import type { ConfigFlags } from "../config/load-config.js";
import type { Log } from "../log.js";
import { redact } from "../secrets.js";
import { clearProgress } from "./progress.js";

export interface GlobalOptions extends ConfigFlags {
  readonly traceback?: boolean;
  readonly quiet?: boolean;
}

/** The global options, plus the command's own (which win where both define one). */
export function optionsOf<T extends object = object>(command: Command): GlobalOptions & T {
  return command.optsWithGlobals() as GlobalOptions & T;
}

/**
 * The options every command takes, from the global flags: the command resolves the config from them
 * as a library caller's would be. Paths are relative to the working directory, and notices about the
 * database itself (the embedded one in use, a wait for its lock) go to stderr.
 */
export function projectOptionsOf(command: Command): ProjectOptions {
  const { config, url, entities, dataSource, tsconfig, migrations, versionTable } = optionsOf(command);
  return {
    ...(config !== undefined ? { config } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(entities !== undefined ? { entities } : {}),
    ...(dataSource !== undefined ? { dataSource } : {}),
    ...(tsconfig !== undefined ? { tsconfig } : {}),
    ...(migrations !== undefined ? { migrations } : {}),
    ...(versionTable !== undefined ? { versionTable } : {}),
    cwd: process.cwd(),
    log: logToStderr,
  };
}

/** `--json`: one JSON document on stdout, indented for people, stable for scripts. */
export function printJson(value: unknown): void {
  process.stdout.write(redact(`${JSON.stringify(value, null, 2)}\n`));
}

/** Command output (what scripts parse) goes to stdout. */
export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(redact(`${lines.join("\n")}\n`));
}

let quiet = false;

/**
 * `--quiet`: INFO lines are dropped, warnings still show. Set once per process by the program's
 * preAction hook, before any command runs, which is why it can be a module-level switch.
 */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Progress and warnings go to stderr, as Alembic's logging does. */
export const logToStderr: Log = (line) => {
  if (quiet && line.startsWith("INFO ")) return;
  clearProgress();
  process.stderr.write(redact(`${line}\n`));
};
