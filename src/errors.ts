/**
 * Errors users see. Pure layers throw these with fields; the CLI prints `FAILED: <message>` and exits 1.
 * Anything that is not a RetortError is a bug and keeps its stack under --traceback.
 */
export class RetortError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class RevisionNotFoundError extends RetortError {
  constructor(readonly argument: string) {
    super(`Can't locate revision identified by '${argument}'`);
  }
}

export class MultipleHeadsError extends RetortError {
  constructor(
    readonly heads: readonly string[],
    readonly argument: string,
  ) {
    super(
      `Multiple head revisions are present for given argument '${argument}'; please specify a specific ` +
        `target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads`,
    );
  }
}

/** A revision prefix that matches several revisions: Alembic's CLI wording, plus the candidates. */
export class AmbiguousRevisionError extends RevisionNotFoundError {
  constructor(
    argument: string,
    readonly candidates: readonly string[],
  ) {
    super(argument);
    this.message += `; multiple revisions start with '${argument}': ${candidates.map((c) => `'${c}'`).join(", ")}`;
  }
}

/**
 * A revision a squash replaced, named where the squash cannot stand in for it: in the middle of the
 * range it replaces (only the last one is a name for the squash). `recorded` when the name came from
 * the version table, that is, the database itself is in the middle of the range.
 */
export class ReplacedRevisionError extends RetortError {
  constructor(
    readonly revision: string,
    readonly squash: string,
    readonly replaces: readonly string[],
    readonly recorded: boolean,
    filesPresent: boolean,
  ) {
    const last = replaces[replaces.length - 1]!;
    const range = `${replaces[0]} … ${last}, ${replaces.length} revisions`;
    const what = recorded
      ? `The database is at revision ${revision}, in the middle of the revisions squash ${squash} replaces (${range})`
      : `Revision ${revision} is in the middle of the revisions squash ${squash} replaces (${range})`;
    const fix = !recorded
      ? `; name ${squash} (or ${last}), or a revision outside the range`
      : filesPresent
        ? `; \`retort upgrade ${last}\` takes it on through the replaced migration files first`
        : `, and their migration files are gone, so neither can take it on: restore the replaced files ` +
          `(from version control) and run \`retort upgrade ${last}\` with them first; they can be deleted again afterwards`;
    super(`${what}${fix}`);
  }
}

/** `kind` follows Alembic: a down-revision cycle, a depends-on cycle, or a revision naming itself. */
export type CycleKind = "Cycle" | "Dependency cycle" | "Self-loop" | "Dependency self-loop";

export class CycleDetectedError extends RetortError {
  constructor(
    readonly revisions: readonly string[],
    readonly kind: CycleKind = "Cycle",
  ) {
    super(`${kind} is detected in revisions (${revisions.join(", ")})`);
  }
}

/** At most this many pending revisions are named: the message is one line. */
const PENDING_NAMED = 10;

/**
 * Alembic's words, then (for `check`) what is missing: `Pending: ae1027a6acf (add user avatar), ...`,
 * oldest first, so the reader knows what `upgrade` would run.
 */
export class TargetNotUpToDateError extends RetortError {
  /** The revision ids not yet applied, oldest first; empty when the caller did not work them out. */
  readonly pending: readonly string[];

  constructor(pending: readonly { readonly id: string; readonly message: string }[] = []) {
    const named = pending
      .slice(0, PENDING_NAMED)
      .map((r) => (r.message ? `${r.id} (${r.message})` : r.id))
      .join(", ");
    const more = pending.length > PENDING_NAMED ? ` and ${pending.length - PENDING_NAMED} more` : "";
    super(`Target database is not up to date.${pending.length ? ` Pending: ${named}${more}` : ""}`);
    this.pending = pending.map((r) => r.id);
  }
}

/** A migration's upgrade()/downgrade() failed; its transaction was rolled back. */
export class MigrationFailedError extends RetortError {
  constructor(
    readonly revision: string,
    readonly direction: "upgrade" | "downgrade",
    readonly statement: string | undefined,
    cause: unknown,
    /** The last statement that had to run outside the transaction: the work before it was committed. */
    readonly committedBefore?: string,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const resumeWith = `retort ${direction} ${direction === "upgrade" ? revision : "-1"}`;
    const rolledBack = committedBefore
      ? `failed after committing part of it (\`${committedBefore}\` cannot run in a transaction, so the ` +
        `work before it was committed); the rest was rolled back, and \`${resumeWith}\` resumes it`
      : "failed and was rolled back";
    // PostgreSQL's hint says what to do where its message only says what happened ("out of shared
    // memory": "You might need to increase max_locks_per_transaction").
    const hint = (cause as { hint?: unknown } | undefined)?.hint;
    super(
      `${direction} of revision ${revision} ${rolledBack}: ${reason}` +
        (typeof hint === "string" && hint ? `\n  hint: ${hint}` : "") +
        (statement ? `\n  while running: ${statement}` : ""),
      { cause },
    );
  }
}

/** Where a migration run was when it was asked to stop. */
export type InterruptedPoint =
  /** Before any step began: waiting for the migration lock, or loading the migration files. */
  | { readonly kind: "before" }
  /** In a step: rolled back, or, past a statement that had to commit, rolled back to that point. */
  | {
      readonly kind: "during";
      readonly revision: string;
      readonly direction: "upgrade" | "downgrade";
      readonly committedBefore?: string | undefined;
    }
  /** Between steps, after this one committed. */
  | { readonly kind: "after"; readonly revision: string; readonly direction: "upgrade" | "downgrade" };

/**
 * A migration run stopped by Ctrl-C or SIGTERM (the CLI), or by the caller's AbortSignal. Nothing of the
 * step in progress stays applied, and the message says where the database is: `at`, the revisions the
 * version table names (empty: `<base>`), or undefined when the run stopped before reading it.
 */
export class MigrationInterruptedError extends RetortError {
  constructor(
    /** The signal's name (`SIGINT`), or undefined for a caller's own abort. */
    readonly signal: string | undefined,
    readonly point: InterruptedPoint,
    readonly at: readonly string[] | undefined,
  ) {
    const by = signal ? ` by ${signal}` : "";
    const where = at === undefined ? undefined : at.length === 0 ? "<base>" : at.join(", ");
    let message: string;
    if (point.kind === "during" && point.committedBefore) {
      const resumeWith = `retort ${point.direction} ${point.direction === "upgrade" ? point.revision : "-1"}`;
      message =
        `${point.direction} of revision ${point.revision} was interrupted${by} after committing part of it ` +
        `(\`${point.committedBefore}\` cannot run in a transaction, so the work before it was committed); ` +
        `the rest was rolled back, and \`${resumeWith}\` resumes it; the version table still says ${where}`;
    } else if (point.kind === "during") {
      message = `${point.direction} of revision ${point.revision} was interrupted${by} and rolled back; the database is still at ${where}`;
    } else if (point.kind === "after") {
      message = `Interrupted${by} after the ${point.direction} of revision ${point.revision}; the database is at ${where}`;
    } else {
      message = `Interrupted${by} before any migration ran; ${where === undefined ? "nothing was changed" : `the database is still at ${where}`}`;
    }
    super(message);
  }
}
