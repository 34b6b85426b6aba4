/**
 * Passwords retort has seen, so that no line it prints shows one: not its own messages (which mask
 * URLs with maskUrl), and not the driver's errors or a --traceback stack trace, which retort does not
 * write and cannot vouch for. The CLI registers the password of every URL it is given, a command that
 * resolves the config the one it names (src/commands/project-options.ts), and the CLI filters all
 * output through `redact`.
 */
const secrets = new Set<string>();

/** Remembers the password of a database URL (raw and percent-decoded); other strings are ignored. */
export function registerUrlSecret(url: string | undefined): void {
  if (!url) return;
  // Up to the last `@` before the query, as maskUrl reads it: a password with a raw `@` counts whole.
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^?\s]*)@/i.exec(url);
  const password = match?.[1];
  if (!password) return;
  secrets.add(password);
  try {
    secrets.add(decodeURIComponent(password));
  } catch {
    // Not valid percent-encoding: the raw form is all there is.
  }
}

/** The text with every registered password replaced by `***`. */
export function redact(text: string): string {
  let result = text;
  // Longest first, so a password that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) result = result.split(secret).join("***");
  }
  return result;
}
