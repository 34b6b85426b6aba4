/**
 * The retort files an import writes: one per TypeORM migration, a linear chain whose ids are derived
 * from TypeORM's names, checked against what the migrations directory already holds. An earlier
 * import's files are kept as they are (hand edits included); anything else there is refused, since the
 * imported history must start at base.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { RetortError } from "../errors.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import { importedFileName, importedRevisionId } from "./imported-file.js";
import type { TypeormMigration } from "./typeorm-migrations.js";

export interface PlannedFile {
  readonly migration: TypeormMigration;
  readonly revision: string;
  readonly downRevision: string | null;
  readonly path: string;
  /** Written by an earlier import: kept as it is (hand edits included). */
  readonly exists: boolean;
}

/**
 * The files this import writes, after checking the directory holds no retort migration but earlier
 * imports of these same ones, each with the parent it would get now.
 */
export async function plan(
  directory: string,
  migrations: readonly TypeormMigration[],
): Promise<PlannedFile[]> {
  const planned = migrations.map((migration, i) => {
    const revision = importedRevisionId(migration.name);
    const previous = migrations[i - 1];
    return {
      migration,
      revision,
      downRevision: previous ? importedRevisionId(previous.name) : null,
      path: path.join(directory, importedFileName(revision, migration)),
    };
  });
  const existing = existsSync(directory) ? (await loadScriptDirectory(directory)).map.revisions : [];
  const byId = new Map(planned.map((p) => [p.revision, p]));
  const foreign = existing.filter((revision) => !byId.has(revision.id));
  if (foreign.length > 0) {
    throw new RetortError(
      `${directory} already holds retort migrations that this import did not write ` +
        `(${foreign.map((r) => r.id).join(", ")}); import into an empty directory (--migrations <dir>)`,
    );
  }
  const kept = new Set<string>();
  for (const revision of existing) {
    const wanted = byId.get(revision.id)!;
    if ((revision.downRevisions[0] ?? null) !== wanted.downRevision || revision.downRevisions.length > 1) {
      throw new RetortError(
        `${revision.path ?? revision.id} was imported from ${wanted.migration.name} when it followed another ` +
          "migration: a TypeORM migration was added before it since. Remove the imported files and import again",
      );
    }
    kept.add(revision.id);
  }
  return planned.map((p) => {
    const exists = kept.has(p.revision);
    if (!exists && existsSync(p.path)) throw new RetortError(`${p.path} already exists`);
    return { ...p, exists };
  });
}
