/**
 * What `retort init` points the config at: a module under `src/` that exports a TypeORM DataSource
 * (NestJS keeps it in `src/database/data-source.ts`, `src/config/typeorm.ts`, ...), else the entity files
 * found there, as globs a person would write. Files are recognised by their text (`new DataSource(`,
 * `@Entity(`), without loading them: init must work before the project is set up.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";

export interface FoundModels {
  /** Relative to the project, POSIX separators. */
  readonly dataSource?: string;
  /** Globs relative to the project; empty when no entity file was found. */
  readonly entities: readonly string[];
}

const SOURCE_FILES = ["src/**/*.{ts,mts,cts,js,mjs,cjs}"];
const IGNORED = ["**/node_modules/**", "**/*.d.ts", "**/*.{spec,test}.*", "**/__tests__/**"];

export async function findModels(cwd: string): Promise<FoundModels> {
  const files = (await glob(SOURCE_FILES, { cwd, ignore: IGNORED })).sort();
  const dataSources: string[] = [];
  const entities: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(cwd, file), "utf8");
    if (/\bnew\s+DataSource\s*\(/.test(text) && /\bexport\b/.test(text)) dataSources.push(file);
    if (/@(Entity|ViewEntity|ChildEntity)\s*\(/.test(text)) entities.push(file);
  }
  const dataSource = preferredDataSource(dataSources);
  return { ...(dataSource ? { dataSource } : {}), entities: entityGlobs(entities, files) };
}

/** One named like a DataSource module wins; then the shallowest; then the first by name. */
function preferredDataSource(candidates: readonly string[]): string | undefined {
  const named = (file: string) => /(data-?source|ormconfig|typeorm)/i.test(path.posix.basename(file));
  const depth = (file: string) => file.split("/").length;
  return [...candidates].sort(
    (a, b) => Number(named(b)) - Number(named(a)) || depth(a) - depth(b) || a.localeCompare(b),
  )[0];
}

/**
 * The shortest honest globs: `src/**\/*.entity.ts` when every entity file is named so (NestJS), a
 * folder's `*.ts` when the folder holds only entity files (`src/entity/`), else the files themselves.
 */
function entityGlobs(entityFiles: readonly string[], allFiles: readonly string[]): string[] {
  if (entityFiles.length === 0) return [];
  const suffix = /\.entity\.([cm]?[tj]s)$/;
  const extensions = new Set(entityFiles.map((file) => suffix.exec(file)?.[1]));
  if (!extensions.has(undefined)) return [...extensions].map((ext) => `src/**/*.entity.${ext}`);
  const isEntity = new Set(entityFiles);
  const globs: string[] = [];
  for (const dir of [...new Set(entityFiles.map((file) => path.posix.dirname(file)))]) {
    const inDir = allFiles.filter((file) => path.posix.dirname(file) === dir);
    const extensions = new Set(inDir.map((file) => path.posix.extname(file)));
    if (inDir.every((file) => isEntity.has(file)) && extensions.size === 1) {
      globs.push(`${dir}/*${[...extensions][0]}`);
    } else {
      globs.push(...inDir.filter((file) => isEntity.has(file)));
    }
  }
  return globs;
}
