/** What every command's CLI wrapper needs: the global options, the config, and where output goes. */
import type { Command } from "commander";
import { type ConfigFlags, type ResolvedConfig, resolveConfig } from "../config/load-config.js";
import type { Log } from "../log.js";
import { redact, registerUrlSecret } from "../secrets.js";

export interface GlobalOptions extends ConfigFlags {
  readonly verbose?: boolean;
}

/** The global options, plus the command's own (which win where both define one, such as --verbose). */
export function optionsOf<T extends object = object>(command: Command): GlobalOptions & T {
  return command.optsWithGlobals() as GlobalOptions & T;
}

export async function configFor(command: Command): Promise<ResolvedConfig> {
  const { config, url, entities, dataSource, migrations, versionTable } = optionsOf(command);
  const resolved = await resolveConfig(
    {
      ...(config !== undefined ? { config } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(entities !== undefined ? { entities } : {}),
      ...(dataSource !== undefined ? { dataSource } : {}),
      ...(migrations !== undefined ? { migrations } : {}),
      ...(versionTable !== undefined ? { versionTable } : {}),
    },
    process.cwd(),
  );
  registerUrlSecret(resolved.url);
  // Notices about the database itself (the embedded one in use, a wait for its lock) go to stderr.
  return { ...resolved, log: logToStderr };
}

/** Command output (what scripts parse) goes to stdout. */
export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(redact(`${lines.join("\n")}\n`));
}

/** Progress and warnings go to stderr, as Alembic's logging does. */
export const logToStderr: Log = (line) => {
  process.stderr.write(redact(`${line}\n`));
};
