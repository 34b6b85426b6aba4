/**
 * A status line with the elapsed time for steps that can take a while (applying many revisions,
 * loading and comparing many entities, a first start of the embedded database):
 * `upgrade: revision 3 of 5 (4.2 s)`. Only on a terminal (stderr), and only once the step has run for a
 * second, so quick commands and logs stay as they were. Log lines clear it before they are written, and
 * the next tick draws it again under them.
 */

const DELAY_MS = 1000;
const TICK_MS = 200;

interface ActiveLine {
  detail: string;
  drawn: boolean;
  /** While a question is asked on the terminal, the line must not be drawn over it. */
  paused: boolean;
}

let active: ActiveLine | undefined;

/** Clears the status line, if one is drawn, so another line can be written in its place. */
export function clearProgress(): void {
  if (active?.drawn) {
    process.stderr.write("\r\x1b[K");
    active.drawn = false;
  }
}

/** Sets the detail shown after the label (`12 revisions applied`). */
export function progressDetail(detail: string): void {
  if (active) active.detail = detail;
}

/** Runs `ask` (a prompt on the terminal) with the status line cleared and not redrawn meanwhile. */
export async function withProgressPaused<T>(ask: () => Promise<T>): Promise<T> {
  const line = active;
  if (!line) return ask();
  clearProgress();
  line.paused = true;
  try {
    return await ask();
  } finally {
    line.paused = false;
  }
}

export async function withProgress<T>(label: string, run: () => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY || active) return run();
  const line: ActiveLine = { detail: "", drawn: false, paused: false };
  active = line;
  const start = performance.now();
  const draw = () => {
    if (line.paused) return;
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    const text = line.detail ? `${label}: ${line.detail} (${seconds} s)` : `${label} (${seconds} s)`;
    process.stderr.write(`\r\x1b[K${text}`);
    line.drawn = true;
  };
  let timer: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    draw();
    timer = setInterval(draw, TICK_MS);
    timer.unref();
  }, DELAY_MS);
  delay.unref();
  try {
    return await run();
  } finally {
    clearTimeout(delay);
    if (timer) clearInterval(timer);
    clearProgress();
    active = undefined;
  }
}

/**
 * `what` on the status line while `run` runs (../activity.ts): as the detail of the command's line when
 * it has one (`upgrade: initialising the embedded database, first start only (6.1 s)`), else on a line
 * of its own.
 */
export async function withActivity<T>(what: string, run: () => Promise<T>): Promise<T> {
  const line = active;
  if (!line) return withProgress(what, run);
  const before = line.detail;
  line.detail = what;
  try {
    return await run();
  } finally {
    line.detail = before;
  }
}
