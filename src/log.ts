/**
 * Progress lines, in the format Alembic's logging config prints
 * (`%(levelname)-5.5s [%(name)s] %(message)s`), so `INFO  [retort.runtime.migration] Running upgrade ...`
 * reads like the tool people already know. Library code never prints: it takes a `Log` callback, and
 * the CLI passes one that writes to stderr.
 */
export type Log = (line: string) => void;

export type LogLevel = "INFO" | "WARNING" | "ERROR";

/** `INFO  [retort.runtime.migration] message`; the level is padded or cut to five characters. */
export function logLine(level: LogLevel, logger: string, message: string): string {
  return `${level.slice(0, 5).padEnd(5)} [${logger}] ${message}`;
}

/** A Log that drops everything: the default when a caller passes none. */
export const silent: Log = () => {};
