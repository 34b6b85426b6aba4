/**
 * The log `upgrade` and `downgrade` write through: every line goes to stderr as usual, and each
 * `Running upgrade ...` also advances the progress line's count of revisions applied.
 */
import type { Log } from "../log.js";
import { MIGRATION_LOGGER } from "../runner/logger-names.js";
import { progressDetail } from "./progress.js";
import { logToStderr } from "./shared.js";

export function migrationProgressLog(): Log {
  let steps = 0;
  return (line) => {
    logToStderr(line);
    if (line.includes(`[${MIGRATION_LOGGER}] Running `)) {
      steps += 1;
      progressDetail(`running revision ${steps}`);
    }
  };
}
