/**
 * Runs the program and turns every failure into Alembic's one line, `FAILED: <message>`, on stderr and
 * exit status 1 (Alembic prints it on stdout and exits 255; retort keeps stdout for output). The stack
 * trace only shows with --traceback.
 *
 * Ctrl-C and SIGTERM first ask a migration run to stop (../interrupts.ts): its step is rolled back, the
 * `FAILED:` line says where the database is, and the process then ends by the signal, which a shell
 * reports as 130 or 143. A second signal ends it at once.
 */
import { type Command, CommanderError } from "commander";
import { showActivitiesWith } from "../activity.js";
import { endByInterrupt, handleInterrupts, interruptRequested } from "../interrupts.js";
import { logLine } from "../log.js";
import { MIGRATION_LOGGER } from "../runner/logger-names.js";
import { redact, registerUrlSecret } from "../secrets.js";
import { timingReport, timingsWanted } from "../timings.js";
import { withActivity } from "./progress.js";
import { logToStderr } from "./shared.js";

export async function runCli(program: Command, argv: readonly string[]): Promise<void> {
  const commandStart = performance.now();
  showActivitiesWith(withActivity);
  handleInterrupts((signal) =>
    logToStderr(
      logLine(
        "WARNING",
        MIGRATION_LOGGER,
        `${signal} again: ending now, without waiting for the rollback (PostgreSQL rolls back what was ` +
          "not committed when the connection closes)",
      ),
    ),
  );
  // Passwords given on the command line or in the environment; the config file's are added once read.
  registerUrlSecret(process.env.DATABASE_URL);
  for (const argument of argv) for (const url of argument.match(URL_PATTERN) ?? []) registerUrlSecret(url);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help, or the version).
      process.exitCode = error.exitCode === 0 ? 0 : 1;
      // --verbose once asked for stack traces everywhere; say where that went.
      if (error.code === "commander.unknownOption" && argv.includes("--verbose"))
        process.stderr.write(
          "(-v/--verbose shows revisions in full on current, history, heads and branches; stack traces are --traceback)\n",
        );
      return;
    }
    // argv too: an error thrown before the options were parsed still honours the flag.
    const traceback =
      program.opts<{ traceback?: boolean }>().traceback === true || argv.includes("--traceback");
    process.stderr.write(redact(`FAILED: ${messageOf(error)}\n`));
    if (traceback && error instanceof Error && error.stack)
      process.stderr.write(redact(`${causeChain(error)}\n`));
    process.exitCode = 1;
  } finally {
    // `--timings` or DEBUG=retort:timing: where the time went, on stderr (see ../timings.ts).
    if (argv.includes("--timings") || timingsWanted())
      process.stderr.write(`${timingReport(commandStart).join("\n")}\n`);
    const signal = interruptRequested();
    if (signal) endByInterrupt(signal);
  }
}

/** Anything URL-shaped in an argument: `--url=...`, `--shadow-url ...`, a URL passed positionally. */
const URL_PATTERN = /[a-z][a-z0-9+.-]*:\/\/\S+/gi;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The stack, followed by the stack of each `cause`. */
function causeChain(error: Error): string {
  const parts = [error.stack ?? String(error)];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    parts.push(`Caused by: ${cause.stack ?? cause.message}`);
  }
  return parts.join("\n");
}
