/**
 * Which database a command opens: the configured server, or, when no URL is configured anywhere, the
 * embedded database kept in the project's `.retort/` directory.
 */
import path from "node:path";
import { maskUrl } from "../db/connect.js";
import { RetortError } from "../errors.js";
import type { ResolvedConfig } from "./load-config.js";

export type DatabaseTarget =
  | { readonly kind: "server"; readonly url: string }
  | { readonly kind: "embedded"; readonly retortDir: string; readonly dataDir: string };

/** Why the embedded database was chosen, as the notice prints it. */
export const EMBEDDED_REASON = "no --url, config url or DATABASE_URL";

export function databaseTargetOf(config: Pick<ResolvedConfig, "url" | "retortDir">): DatabaseTarget {
  if (config.url === undefined || config.url === "") {
    return { kind: "embedded", retortDir: config.retortDir, dataDir: path.join(config.retortDir, "pgdata") };
  }
  return { kind: "server", url: validDatabaseUrl(config.url) };
}

/**
 * A URL `pg` can use, or an error that shows the expected shape. `pg` itself accepts almost any string
 * and fails later with a confusing host name; a plain connection string is checked here instead.
 */
export function validDatabaseUrl(url: string): string {
  // Two `@` before the query: the password holds a raw `@` (or `/`), which the URL parser would read
  // as the host, and the connection would go somewhere unexpected.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^?\s]*@[^?\s]*@/i.test(url)) {
    throw new RetortError(
      `Invalid database URL '${maskUrl(url)}': the user name or password holds a character that must be ` +
        "percent-encoded ('@' as %40, '/' as %2F, ':' as %3A)",
    );
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !["postgres:", "postgresql:", "socket:"].includes(parsed.protocol)) {
    throw new RetortError(
      `Invalid database URL '${maskUrl(url)}': expected postgresql://user:password@host:port/database`,
    );
  }
  return url;
}
