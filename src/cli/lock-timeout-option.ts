/** `--lock-timeout <seconds>` for the commands that take the migration lock (upgrade, downgrade, stamp). */
import { type Command, InvalidArgumentError } from "commander";

export function addLockTimeoutOption(command: Command): Command {
  return command.option(
    "--lock-timeout <seconds>",
    "give up after waiting this long for another retort run's migration lock (default: wait)",
    parseSeconds,
  );
}

/** The option's value as the commands take it: absent when not given. */
export function lockTimeoutOf(options: { lockTimeout?: number }): { lockTimeoutSeconds?: number } {
  return options.lockTimeout !== undefined ? { lockTimeoutSeconds: options.lockTimeout } : {};
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || value.trim() === "") {
    throw new InvalidArgumentError("expected a number of seconds, such as 30 or 2.5");
  }
  return seconds;
}
