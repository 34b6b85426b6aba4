/**
 * Work that keeps the user waiting a while with nothing to print: initialising the embedded database
 * (seconds, twenty on a busy machine). The code doing it names it here; the CLI shows the name on the
 * terminal's status line with the time taken so far (src/cli/progress.ts), and a library caller sees
 * nothing. A module-level setting, like --quiet's, because it is the process's terminal, set once.
 */
export type ActivityDisplay = <T>(what: string, run: () => Promise<T>) => Promise<T>;

let display: ActivityDisplay = (_what, run) => run();

export function showActivitiesWith(show: ActivityDisplay): void {
  display = show;
}

export function activity<T>(what: string, run: () => Promise<T>): Promise<T> {
  return display(what, run);
}
