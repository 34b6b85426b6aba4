/**
 * The TypeORM migrations to import, found and ordered as TypeORM's MigrationExecutor does
 * (`getMigrations`): each class's `name` property, else its class name, must end in a 13-digit
 * JavaScript timestamp, and they run in the order of those timestamps.
 *
 * They come from `--from <glob>` (migration files), else from the DataSource's `migrations` option
 * (globs, relative to the working directory as TypeORM reads them, or classes imported by the module).
 * Files are loaded with retort's TypeScript loader, so `.ts` migrations need no ts-node.
 */
import path from "node:path";
import { glob } from "tinyglobby";
import { RetortError } from "../errors.js";
import { importModule } from "../loader/typescript.js";

/** What TypeORM's MigrationInterface offers, typed loosely: the user's copy may be another version. */
export interface MigrationInstance {
  readonly name?: string;
  /** false: TypeORM runs it outside a transaction (CREATE INDEX CONCURRENTLY, for instance). */
  readonly transaction?: boolean;
  up(queryRunner: unknown): Promise<unknown>;
  down(queryRunner: unknown): Promise<unknown>;
}

export interface TypeormMigration {
  /** TypeORM's name for it, as its `migrations` table records it: `CreateTables1700000000000`. */
  readonly name: string;
  readonly timestamp: number;
  /** Where it came from, relative to the working directory; undefined for a class the DataSource lists. */
  readonly file?: string;
  readonly instance: MigrationInstance;
}

export interface MigrationSources {
  /** `--from` globs, relative to `cwd`. */
  readonly from?: readonly string[];
  /** The DataSource's `migrations` option. */
  readonly dataSourceMigrations?: readonly unknown[];
  readonly cwd: string;
}

export async function findTypeormMigrations(sources: MigrationSources): Promise<TypeormMigration[]> {
  const entries = sources.from?.length ? sources.from : sources.dataSourceMigrations;
  if (!entries?.length) {
    throw new RetortError(
      "No TypeORM migrations to import: pass --from <glob> (the migration files), or --data-source " +
        "<file> (or dataSource in retort.config.ts) whose DataSource lists its migrations",
    );
  }
  const globs = entries.filter((entry): entry is string => typeof entry === "string");
  const classes = entries.filter((entry) => typeof entry === "function");
  const found: TypeormMigration[] = [];
  for (const cls of classes) found.push(migrationOf(cls, undefined));
  if (globs.length > 0) {
    const files = (
      await glob(globs, { cwd: sources.cwd, absolute: true, ignore: ["**/*.d.ts", "**/node_modules/**"] })
    ).sort();
    if (files.length === 0 && classes.length === 0) {
      throw new RetortError(`No TypeORM migration files match ${globs.map((g) => `'${g}'`).join(", ")}`);
    }
    for (const file of files) {
      const module = await importModule(file);
      const relative = path.relative(sources.cwd, file);
      // As TypeORM's importClassesFromDirectories: every exported class of the file is a migration.
      for (const value of Object.values(module))
        if (typeof value === "function") found.push(migrationOf(value, relative));
    }
  }
  refuseDuplicates(found);
  return found.sort((a, b) => a.timestamp - b.timestamp);
}

function migrationOf(cls: unknown, file: string | undefined): TypeormMigration {
  const where = file ? ` in ${file}` : "";
  let instance: MigrationInstance;
  try {
    instance = new (cls as new () => MigrationInstance)();
  } catch (error) {
    throw new RetortError(
      `Could not create the TypeORM migration ${(cls as { name?: string }).name}${where}`,
      {
        cause: error,
      },
    );
  }
  const name = instance.name ?? (cls as { name: string }).name;
  if (typeof instance.up !== "function" || typeof instance.down !== "function") {
    throw new RetortError(`${name}${where} is not a TypeORM migration: it has no up() and down()`);
  }
  // TypeORM's own rule and wording (MigrationExecutor.getMigrations).
  const timestamp = Number.parseInt(name.slice(-13), 10);
  if (!timestamp || Number.isNaN(timestamp)) {
    throw new RetortError(
      `${name}${where}: migration name is wrong. Migration class name should have a JavaScript timestamp appended.`,
    );
  }
  return { name, timestamp, ...(file ? { file } : {}), instance };
}

/** The same migration twice (a glob matching both `x.ts` and its compiled `x.js`): TypeORM refuses too. */
function refuseDuplicates(migrations: readonly TypeormMigration[]): void {
  const byName = new Map<string, string[]>();
  for (const m of migrations) byName.set(m.name, [...(byName.get(m.name) ?? []), m.file ?? "(a class)"]);
  const duplicates = [...byName].filter(([, files]) => files.length > 1);
  if (duplicates.length > 0) {
    const [name, files] = duplicates[0]!;
    throw new RetortError(
      `Duplicate TypeORM migration ${name} (${files.join(", ")}): make the glob match each migration once`,
    );
  }
}
