/**
 * Where a command's time goes. Library code wraps its phases in `timed("reading the catalog", ...)`;
 * the phases are always recorded (two `performance.now()` calls each) and only the CLI prints them,
 * under `--timings` or `DEBUG=retort:timing`, on stderr.
 */

export interface Span {
  readonly phase: string;
  /** Milliseconds since the process started. */
  readonly start: number;
  readonly duration: number;
}

const spans: Span[] = [];

/** Runs `fn` as the phase `phase` and records how long it took, also when it throws. */
export async function timed<T>(phase: string, fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    spans.push({ phase, start, duration: performance.now() - start });
  }
}

/** Records a phase measured by the caller (for work that is not one function call). */
export function recordSpan(phase: string, start: number): void {
  spans.push({ phase, start, duration: performance.now() - start });
}

export function recordedSpans(): readonly Span[] {
  return spans;
}

/** True when `DEBUG` names `retort:timing` (or `retort:*`, or `*`), as the `debug` package reads it. */
export function timingsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const names = (env.DEBUG ?? "").split(/[\s,]+/).filter(Boolean);
  return names.some((name) => name === "retort:timing" || name === "retort:*" || name === "*");
}

/**
 * The report: one line per phase in the order they started (a phase that ran several times is summed),
 * then the time before the command began (Node and module start-up) and the total.
 */
export function timingReport(commandStart: number, end: number = performance.now()): string[] {
  const totals = new Map<string, { first: number; duration: number; count: number }>();
  for (const span of spans) {
    const total = totals.get(span.phase);
    if (total) {
      total.duration += span.duration;
      total.count += 1;
    } else totals.set(span.phase, { first: span.start, duration: span.duration, count: 1 });
  }
  const width = Math.max(42, ...[...totals.keys()].map((phase) => phase.length));
  const line = (label: string, ms: number, note = "") =>
    `timing  ${label.padEnd(width)} ${ms.toFixed(0).padStart(7)} ms${note}`;
  // Phases may nest (canonicalising reads a catalog too) and overlap (`check` reads the catalog while
  // the model loads): the rest is the time no phase covers.
  const covered = coveredTime(spans);
  return [
    line("start-up (node, modules)", commandStart),
    ...[...totals]
      .sort((a, b) => a[1].first - b[1].first)
      .map(([phase, { duration, count }]) => line(phase, duration, count > 1 ? ` (${count}×)` : "")),
    line("other (config, connecting, loading modules)", Math.max(0, end - commandStart - covered)),
    line("total", end),
  ];
}

/** How long at least one span was running: the length of their union. */
function coveredTime(all: readonly Span[]): number {
  const sorted = [...all].sort((a, b) => a.start - b.start);
  let covered = 0;
  let coveredUntil = Number.NEGATIVE_INFINITY;
  for (const span of sorted) {
    const end = span.start + span.duration;
    if (end <= coveredUntil) continue;
    covered += end - Math.max(span.start, coveredUntil);
    coveredUntil = end;
  }
  return covered;
}
