/**
 * Offline mode (`upgrade --sql`, `downgrade --sql`): the same steps as the runner, rendered as a SQL
 * script instead of executed. Each migration's upgrade()/downgrade() runs with an `op` whose sink
 * collects the statements, so a hand-written `op.execute(...)` is printed as written.
 *
 * The layout is Alembic's (docs/build/offline.rst): one transaction around the whole script, every
 * statement followed by `;` and a blank line, a `-- Running upgrade a -> b` comment before each
 * migration, the version table created before the first step when the script starts from base, and the
 * version-table INSERT/UPDATE/DELETE after each step with literals inlined.
 */
import type { MigrationStep } from "../graph/steps.js";
import { asRecorded, recordedHeads, versionChangesFor } from "../graph/version-changes.js";
import { type Log, logLine, silent } from "../log.js";
import { createOpApi } from "../runtime/op-api.js";
import { type AppliedStep, appliedStepOf, describeStep, MIGRATION_LOGGER, shortStepLog } from "./runner.js";
import type { ScriptDirectory } from "./script-directory.js";
import {
  createVersionTableSql,
  DEFAULT_VERSION_TABLE,
  type VersionTableName,
  versionChangeSql,
} from "./version-table.js";

export interface OfflineOptions {
  readonly log?: Log;
  readonly versionTable?: VersionTableName;
  readonly defaultSchema?: string;
}

export interface OfflineScript {
  /** The script, one line per entry; statements are separated by an empty line. */
  readonly lines: readonly string[];
  /** The steps the script contains, in order. */
  readonly steps: readonly AppliedStep[];
}

/** Renders `steps`, starting from the version-table rows `startHeads` (none: from base). */
export async function renderMigrations(
  scripts: ScriptDirectory,
  steps: readonly MigrationStep[],
  startHeads: readonly string[],
  options: OfflineOptions = {},
): Promise<OfflineScript> {
  const log = options.log ?? silent;
  const versionTable = options.versionTable ?? DEFAULT_VERSION_TABLE;
  const lines: string[] = [];
  const emit = (text: string) => {
    lines.push(text, "");
  };
  const emitStatement = (statement: string) => emit(withSemicolon(statement));

  const map = scripts.mapFor(startHeads);
  const recorded = recordedHeads(map, startHeads);
  let heads = recorded.heads;
  const rendered: AppliedStep[] = [];
  emitStatement("BEGIN");
  for (const step of steps) {
    if (heads.size === 0) emitStatement(createVersionTableSql(versionTable));
    log(logLine("INFO", MIGRATION_LOGGER, describeStep(step)));
    emit(`-- Running ${shortStepLog(step)}`);
    const script = scripts.script(step.revision.id);
    const migrate = step.direction === "upgrade" ? script.upgrade : script.downgrade;
    await migrate({
      op: createOpApi(async (statement, statementOptions) => {
        // As online: statements PostgreSQL refuses in a transaction block get one of their own.
        if (statementOptions?.outsideTransaction) {
          emitStatement("COMMIT");
          emitStatement(statement);
          emitStatement("BEGIN");
        } else emitStatement(statement);
      }, options.defaultSchema ?? "public"),
    });
    const transition = versionChangesFor(map, heads, step);
    for (const change of asRecorded(transition.changes, recorded.spelling))
      emitStatement(versionChangeSql(change, versionTable));
    heads = transition.heads;
    rendered.push(appliedStepOf(step));
  }
  emitStatement("COMMIT");
  return { lines, steps: rendered };
}

/** Hand-written SQL may already end with `;`. */
function withSemicolon(statement: string): string {
  const trimmed = statement.trimEnd();
  return trimmed.endsWith(";") ? trimmed : `${trimmed};`;
}
