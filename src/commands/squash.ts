/**
 * `retort squash <from>:<to> -m <message>`: one revision in place of the run after `<from>` up to and
 * including `<to>` (src/graph/squash-range.ts), building the same schema. The migrations are replayed
 * into a throw-away database (embedded, or a scratch database on `shadow.url`), the schema is read at
 * `<from>` and at `<to>`, and the new revision's upgrade() is the difference between the two, its
 * downgrade() the reverse. Its `replaces` export lists the revisions it stands in for, so a database
 * at any of them keeps working (src/graph/squash-view.ts) and their files can be deleted; the SQL they
 * ran by hand, which no schema diff carries, is listed in a warning at the top of the file.
 */
import type { DataStep } from "../codegen/data-steps-warning.js";
import { annotateHazards } from "../diff/hazards.js";
import { diffSchemas } from "../diff/index.js";
import { RetortError } from "../errors.js";
import { squashRange } from "../graph/squash-range.js";
import { logLine, silent } from "../log.js";
import type { Operation } from "../ops/operations.js";
import { reverseAll } from "../ops/reverse.js";
import { loadScriptDirectory, type ScriptDirectory } from "../runner/script-directory.js";
import { handWrittenSql } from "../runtime/hand-written-sql.js";
import { schemasAt } from "../shadow/replay.js";
import { type ShadowOptions, withShadowDatabase } from "../shadow/shadow-database.js";
import { replayOptionsOf, shadowContextOf } from "./database-at.js";
import { planRevision, writeRevision } from "./new-revision.js";
import { type ProjectOptions, resolveProjectConfig } from "./project-options.js";

export const SQUASH_LOGGER = "retort.squash";

export interface SquashOptions extends ProjectOptions {
  readonly message?: string;
  readonly revId?: string;
  /**
   * Where the migrations are replayed: a scratch database on `shadow.url`; the embedded database
   * without. The log receives the replay's progress and what the squash found.
   */
  readonly shadow?: ShadowOptions;
}

export interface SquashResult {
  readonly revision: string;
  readonly path: string;
  /** The revisions it replaces, oldest first. */
  readonly replaces: readonly string[];
  readonly operations: readonly Operation[];
  /** The hand-written SQL of the replaced revisions, which the squash does not run. */
  readonly dataSteps: readonly DataStep[];
}

export async function squash(range: string, options: SquashOptions = {}): Promise<SquashResult> {
  const config = await resolveProjectConfig(options);
  const log = config.log ?? silent;
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const squashed = squashRange(scripts.map, range);
  if (squashed.branchLabels.length > 1) {
    throw new RetortError(
      `The revisions in '${range}' carry several branch labels (${squashed.branchLabels.join(", ")}), ` +
        "and a squash carries one on; end the range before the second label",
    );
  }
  const planned = planRevision(scripts.map, config.migrationsDir, {
    heads: [squashed.from ?? "base"],
    // The squash starts a second line from <from> until the replaced revisions leave the graph.
    splice: true,
    replaces: squashed.replaces,
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(squashed.branchLabels[0] !== undefined ? { branchLabel: squashed.branchLabels[0] } : {}),
    fileName: config.fileName,
  });
  const defaultSchema = config.schemas[0] ?? "public";
  // Before the replay: a migration that cannot even run offline fails here, with nothing written.
  const dataSteps = await dataStepsOf(scripts, squashed.revisions, defaultSchema);

  const stops = [squashed.from === undefined ? [] : [squashed.from], [squashed.to]];
  const [before, after] = await withShadowDatabase(options.shadow ?? {}, shadowContextOf(config), (client) =>
    schemasAt(client, scripts, stops, replayOptionsOf(config)),
  );
  const { operations, detections } = diffSchemas(before!, after!, { defaultSchema });
  for (const detection of detections) log(logLine("INFO", SQUASH_LOGGER, detection));

  await writeRevision(planned, {
    upgrade: annotateHazards(operations),
    downgrade: annotateHazards(reverseAll(operations)),
    defaultSchema,
    ...(config.template ? { template: config.template } : {}),
    dataSteps,
  });
  return {
    revision: planned.revision.id,
    path: planned.path,
    replaces: squashed.replaces,
    operations,
    dataSteps,
  };
}

async function dataStepsOf(
  scripts: ScriptDirectory,
  revisions: readonly string[],
  defaultSchema: string,
): Promise<DataStep[]> {
  const steps: DataStep[] = [];
  for (const id of revisions) {
    const script = scripts.script(id);
    const statements = await handWrittenSql(script.upgrade, defaultSchema);
    if (statements.length > 0) steps.push({ revision: id, message: script.revision.message, statements });
  }
  return steps;
}
