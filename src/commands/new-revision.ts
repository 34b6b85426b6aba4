/**
 * What `revision` and `merge` share, after Alembic's `ScriptDirectory.generate_revision`: resolving the
 * parents (`--head`, or the revisions to merge), the `--splice` rule, `--depends-on` written back as
 * full ids, and the checks that must pass before a file is written (a valid, unused id; branch labels
 * nobody else uses; a graph that still loads).
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { DataStep } from "../codegen/data-steps-warning.js";
import { newRevisionId, renderMigrationFile, slugify } from "../codegen/migration-file.js";
import { DEFAULT_FILE_NAME, renderFileName } from "../config/file-name.js";
import type { MigrationTemplate } from "../config/migration-template.js";
import { MultipleHeadsError, RetortError, RevisionNotFoundError } from "../errors.js";
import { type Revision, RevisionMap } from "../graph/revision-map.js";
import type { Operation } from "../ops/operations.js";
import { recordSpan } from "../timings.js";

export interface RevisionRequest {
  readonly revId?: string;
  readonly message?: string;
  /**
   * What the new revision follows: `head` (the default of `revision`), `heads`, `base` (a new root), a
   * revision id or prefix, a branch label, `<branch>@head`; several for a merge.
   */
  readonly heads: readonly string[];
  /** Allow a parent that is not a head, starting a new branch from it. */
  readonly splice?: boolean;
  readonly branchLabel?: string;
  /** Revision ids, prefixes or branch labels the new revision depends on. */
  readonly dependsOn?: readonly string[];
  /** The file name pattern (config `fileName`); `{rev}_{slug}` by default. */
  readonly fileName?: string;
  /** A squash: the revisions it replaces, oldest first (src/graph/squash-view.ts). */
  readonly replaces?: readonly string[];
}

/** A revision that passed every check and can be written. */
export interface PlannedRevision {
  readonly revision: Revision;
  /** Where the file goes. */
  readonly path: string;
  /** One date for the file name and the header's Create Date. */
  readonly createDate: Date;
}

export function planRevision(map: RevisionMap, directory: string, request: RevisionRequest): PlannedRevision {
  const parents = resolveParents(map, request.heads, request.splice === true);
  const dependsOn = resolveDependsOn(map, request.dependsOn ?? []);
  const id = request.revId ?? newRevisionId();
  validateRevisionId(id);
  if (map.has(id)) throw new RetortError(`Revision ${id} already exists`);
  const message = request.message?.trim() || "empty message";
  const revision: Revision = {
    id,
    downRevisions: parents,
    message,
    ...(request.branchLabel ? { branchLabels: [request.branchLabel] } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    ...(request.replaces?.length ? { replaces: request.replaces } : {}),
  };
  // The graph with the new revision must still load (a branch label already in use, for one); Alembic
  // finds out only after writing the file, and leaves it behind.
  new RevisionMap([...map.revisions, revision]);
  const createDate = new Date();
  const file = path.join(
    directory,
    renderFileName(request.fileName ?? DEFAULT_FILE_NAME, { rev: id, slug: slugify(message), createDate }),
  );
  // retort never rewrites a migration: hand edits in an existing file are the reviewer's work.
  if (existsSync(file)) {
    throw new RetortError(`${file} already exists; retort never overwrites a migration file`);
  }
  return { revision, path: file, createDate };
}

export interface RevisionBody {
  readonly upgrade: readonly Operation[];
  readonly downgrade: readonly Operation[];
  readonly defaultSchema: string;
  /** The config's file template; the default layout when undefined. */
  readonly template?: MigrationTemplate;
  /** A squash's warning: the hand-written SQL of the revisions it replaces. */
  readonly dataSteps?: readonly DataStep[];
}

export async function writeRevision(planned: PlannedRevision, body: RevisionBody): Promise<void> {
  const { revision } = planned;
  const start = performance.now();
  const text = renderMigrationFile(
    {
      revision: revision.id,
      downRevision: revision.downRevisions.length === 0 ? null : revision.downRevisions,
      message: revision.message,
      createDate: planned.createDate,
      upgrade: body.upgrade,
      downgrade: body.downgrade,
      defaultSchema: body.defaultSchema,
      ...(revision.branchLabels ? { branchLabels: revision.branchLabels } : {}),
      ...(revision.dependsOn ? { dependsOn: revision.dependsOn } : {}),
      ...(revision.replaces ? { replaces: revision.replaces } : {}),
      ...(body.dataSteps ? { dataSteps: body.dataSteps } : {}),
    },
    body.template,
  );
  // "wx": should the file have appeared since planRevision looked, fail rather than overwrite it.
  try {
    await writeFile(planned.path, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new RetortError(`${planned.path} already exists; retort never overwrites a migration file`);
    }
    throw error;
  }
  recordSpan("writing the file", start);
}

/** The parent ids; none for `base`. */
export function resolveParents(map: RevisionMap, heads: readonly string[], splice: boolean): string[] {
  let parents: string[];
  try {
    parents = heads.flatMap((head) => map.resolveMany(head));
  } catch (error) {
    if (error instanceof MultipleHeadsError) {
      throw new RetortError(
        "Multiple heads are present; please specify the head revision on which the new revision should " +
          "be based, or perform a merge.",
        { cause: error },
      );
    }
    throw error;
  }
  if (new Set(parents).size !== parents.length) throw new RetortError("Duplicate head revisions specified");
  if (!splice) {
    const notHead = parents.find((id) => !map.isHead(id));
    if (notHead !== undefined) {
      throw new RetortError(
        `Revision ${notHead} is not a head revision; please specify --splice to create a new branch from this revision`,
      );
    }
  }
  return parents;
}

/**
 * Each dependency as written in the file: a branch label stays a label (the dependency follows the
 * label, as in Alembic), anything else (a prefix, `<branch>@head`) becomes the full revision id.
 */
export function resolveDependsOn(map: RevisionMap, dependsOn: readonly string[]): string[] {
  return dependsOn.map((dependency) => {
    const id = map.resolveOne(dependency);
    if (id === undefined) throw new RevisionNotFoundError(dependency);
    return map.branchLabelsOf(id).includes(dependency) ? dependency : id;
  });
}

/** Alembic's rule: these characters have meaning in targets (`a@head`, `+2`, `a:b`). */
export function validateRevisionId(id: string): void {
  const bad = [...new Set(id.match(/[@\-+:]/g) ?? [])];
  if (bad.length)
    throw new RetortError(`Character(s) '${bad.join(", ")}' not allowed in revision identifier '${id}'`);
  if (!/^\w+$/.test(id)) throw new RetortError(`Revision identifier '${id}' must be letters, digits or _`);
}
