import path from "node:path";
import type { Command } from "commander";
import type { ImportedMigration } from "../commands/import-typeorm.js";
import { printLines, projectOptionsOf } from "./shared.js";

interface ImportFlags {
  readonly from?: string[];
  readonly stamp: boolean;
  readonly shadowUrl?: string;
  readonly migrationsTable?: string;
  readonly strict?: boolean;
}

export function register(program: Command): void {
  program
    .command("import-typeorm")
    .description(
      "Write a retort migration for each TypeORM migration and stamp the database where TypeORM left it",
    )
    .option("--from <glob...>", "TypeORM migration files (default: the DataSource's `migrations`)")
    .option("--no-stamp", "write the migrations only; leave the database alone")
    .option(
      "--shadow-url <url>",
      "record the migrations in a scratch database created (and dropped) on this server, not an embedded one",
    )
    .option(
      "--migrations-table <name>",
      "TypeORM's migrations table (default: the DataSource's, else migrations)",
    )
    .option(
      "--strict",
      "fail on a down() that throws or does not undo its up(), instead of importing it as irreversible",
    )
    .action(async (flags: ImportFlags, command: Command) => {
      const { importTypeorm } = await import("../commands/import-typeorm.js");
      const result = await importTypeorm({
        ...projectOptionsOf(command),
        ...(flags.from ? { from: flags.from } : {}),
        stamp: flags.stamp,
        ...(flags.shadowUrl !== undefined ? { shadowUrl: flags.shadowUrl } : {}),
        ...(flags.migrationsTable !== undefined ? { migrationsTable: flags.migrationsTable } : {}),
        ...(flags.strict ? { strict: true } : {}),
      });
      const written = result.migrations.filter((m) => m.written).length;
      const relative = (file: string) => path.relative(process.cwd(), file);
      const directory = relative(result.migrationsDir) || ".";
      const width = Math.max(...result.migrations.map((m) => m.typeormName.length));
      printLines([
        `Imported ${result.migrations.length} TypeORM migration(s) into ${directory}/ ` +
          `(${written} written, ${result.migrations.length - written} already there):`,
        ...result.migrations.map(
          (m) => `  ${m.revision}  ${m.typeormName.padEnd(width)}  ${relative(m.path)}`,
        ),
        result.stamped !== undefined
          ? `The database is stamped at ${result.stamped}.`
          : `The database was not stamped (${result.notStamped}).`,
        ...irreversibleLines(result.migrations),
      ]);
    });
}

/** After the usual output: the migrations whose downgrade() raises, each with why, one line each. */
function irreversibleLines(migrations: readonly ImportedMigration[]): string[] {
  const irreversible = migrations.filter((m) => m.irreversible !== undefined);
  if (irreversible.length === 0) return [];
  const width = Math.max(...irreversible.map((m) => m.typeormName.length));
  return [
    `Imported as irreversible, their downgrade() raises an error (${irreversible.length}):`,
    ...irreversible.map((m) => `  ${m.typeormName.padEnd(width)}  ${m.irreversible}`),
  ];
}
