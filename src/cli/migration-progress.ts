/**
 * What `upgrade` and `downgrade` report as they go: the log lines on stderr as usual, and on the status
 * line how far the run is, `upgrade: revision 3 of 5 (3.4 s)` (./progress.ts). The runner says when a
 * step starts and how many the plan holds, which the log lines alone cannot tell.
 */
import type { MigrateOptions } from "../commands/migrate-options.js";
import { progressDetail } from "./progress.js";
import { logToStderr } from "./shared.js";

export function migrationProgress(): Pick<MigrateOptions, "log" | "onStep"> {
  return {
    log: logToStderr,
    onStep: (number, total) => progressDetail(`revision ${number} of ${total}`),
  };
}
