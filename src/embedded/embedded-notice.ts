/**
 * `INFO  [retort.embedded] Using the embedded database in <dir> (no --url, config url or DATABASE_URL)`:
 * said on the first command of the day in a project, not before every one. Repeated on every command it
 * was noise in a session of `revision`, `upgrade`, `current`; said once a day, it still greets whoever
 * comes back to the project, or starts on it, without a URL. The day is kept in `.retort/notice-day`
 * (local time, as people count days). A process that connects several times says it once.
 *
 * Imported by every command that connects, so it loads nothing of PGlite (./template.ts does).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EMBEDDED_REASON } from "../config/database-target.js";
import { type Log, logLine } from "../log.js";

const NOTICE_FILE = "notice-day";

const announced = new Set<string>();

export function announceEmbedded(log: Log, retortDir: string, dataDir: string): void {
  if (announced.has(dataDir)) return;
  announced.add(dataDir);
  const file = path.join(retortDir, NOTICE_FILE);
  const today = localDay(new Date());
  if (readOr(file, "").trim() === today) return;
  log(logLine("INFO", "retort.embedded", `Using the embedded database in ${dataDir} (${EMBEDDED_REASON})`));
  try {
    mkdirSync(retortDir, { recursive: true });
    writeFileSync(file, `${today}\n`);
  } catch {
    // A directory that cannot be written to hears the notice every time, which is how it was.
  }
}

/** `2026-11-25` in the local time zone. */
function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}
