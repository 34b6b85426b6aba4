/**
 * `retort revision -m <msg> [--autogenerate]`: a new migration file after the current head. With
 * --autogenerate its upgrade() is the diff from the database to the models and its downgrade() the
 * reversed inverses of that diff.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { newRevisionId, renderMigrationFile, slugify } from "../codegen/migration-file.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { RetortError } from "../errors.js";
import { type Log, logLine, silent } from "../log.js";
import { loadRawModel } from "../models/index.js";
import type { Operation } from "../ops/operations.js";
import { reverseAll } from "../ops/reverse.js";
import { loadScriptDirectory } from "../runner/script-directory.js";
import type { ShadowOptions } from "../shadow/shadow-database.js";
import { compareModelToDatabase } from "./compare.js";
import { withDatabaseAt } from "./database-at.js";
import { modelSourceOf } from "./model-source.js";

export interface RevisionOptions {
  readonly message?: string;
  readonly autogenerate?: boolean;
  readonly revId?: string;
  /** The revision the new one follows: `head` by default. */
  readonly head?: string;
  /** Compare the models with a shadow database the migrations are replayed into, not the configured one. */
  readonly shadow?: ShadowOptions;
  readonly log?: Log;
}

export interface RevisionResult {
  readonly revision: string;
  readonly path: string;
  readonly operations: readonly Operation[];
}

export async function revision(
  config: ResolvedConfig,
  options: RevisionOptions = {},
): Promise<RevisionResult> {
  const log = options.log ?? silent;
  const scripts = await loadScriptDirectory(config.migrationsDir);
  const map = scripts.map;
  if (map.heads.length > 1 && (options.head ?? "head") === "head") {
    throw new RetortError(
      "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
    );
  }
  const parent = map.resolveOne(options.head ?? "head");
  const id = options.revId ?? newRevisionId();
  validateRevisionId(id);
  if (map.revisions.some((r) => r.id === id)) throw new RetortError(`Revision ${id} already exists`);

  let upgrade: Operation[] = [];
  if (options.autogenerate) {
    const model = await loadRawModel(modelSourceOf(config));
    // With a shadow, the migrations are replayed into a throw-away database instead of reading this one.
    upgrade = await withDatabaseAt(
      config,
      scripts,
      parent ? [parent] : [],
      options.shadow,
      async (client) => {
        const comparison = await compareModelToDatabase(client, model, {
          schemas: config.schemas,
          versionTable: config.versionTable,
        });
        for (const detection of comparison.detections)
          log(logLine("INFO", "retort.autogenerate.compare", detection));
        return comparison.operations;
      },
      log,
    );
  }

  const message = options.message?.trim() || "empty message";
  const file = path.join(config.migrationsDir, `${id}_${slugify(message)}.ts`);
  if (existsSync(file)) throw new RetortError(`${file} already exists`);
  const text = renderMigrationFile({
    revision: id,
    downRevision: parent ?? null,
    message,
    createDate: new Date(),
    upgrade,
    downgrade: reverseAll(upgrade),
    defaultSchema: config.schemas[0] ?? "public",
  });
  await writeFile(file, text);
  return { revision: id, path: file, operations: upgrade };
}

/** Alembic's rule: these characters have meaning in targets (`a@head`, `+2`, `a:b`). */
function validateRevisionId(id: string): void {
  const bad = [...new Set(id.match(/[@\-+:]/g) ?? [])];
  if (bad.length)
    throw new RetortError(`Character(s) '${bad.join(", ")}' not allowed in revision identifier '${id}'`);
  if (!/^\w+$/.test(id)) throw new RetortError(`Revision identifier '${id}' must be letters, digits or _`);
}
