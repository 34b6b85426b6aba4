/**
 * `retort import-typeorm` on a history with broken down()s, as real ones have. TypeORM's CLI runs the
 * fixture's four hand-written migrations; two of their down()s do not work:
 *
 *   CreateAuthor       down() fine
 *   CreateBook         down() runs but forgets the enum type its up() created  → irreversible
 *   AddAuthorBio       down() throws (invalid SQL) after dropping a view        → irreversible
 *   AddBookTitleIndex  down() fine
 *
 * CreateAuthor's down() (DROP TABLE "author") only works once AddAuthorBio's view is gone: it records
 * only if the down()s after a broken one run where they should (a fresh database replayed to there).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { introspect } from "../../src/introspect/index.js";
import { describeWithServer, query, urlFor, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";
import { typeorm } from "./typeorm-cli.js";

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspect(client, {
      schemas: ["public"],
      excludeTables: ["retort_version", "retort_version_progress", "migrations"],
    });
  } finally {
    await client.end();
  }
}

const FAILED_DOWN = 'its down() failed: syntax error at or near "DROPP"';
const NOT_UNDONE = "its down() did not undo its up(): enum public.book_format_enum added";

describeWithServer("retort import-typeorm with broken down()s", () => {
  const migrated = useDatabase("retort_import_downs_typeorm");
  const fresh = useDatabase("retort_import_downs_fresh");
  let project: Project;
  const shadow = () => ["--shadow-url", urlFor("postgres")];
  const retort = (url: string, ...args: string[]) => project.run(args, { DATABASE_URL: url });
  const files = () =>
    readdirSync(path.join(project.dir, "migrations")).sort((a, b) => timestamp(a) - timestamp(b));
  const timestamp = (file: string) => Number(/_(\d{13})\.ts$/.exec(file)?.[1]);
  const revisions = () => files().map((file) => file.slice(0, 12));
  const fileText = (i: number) => readFileSync(path.join(project.dir, "migrations", files()[i]!), "utf8");
  const failedLines = (stderr: string) => stderr.split("\n").filter((line) => line.startsWith("FAILED"));

  beforeAll(() => {
    project = createProject("typeorm-broken-downs-app");
    typeorm(project, migrated().url, "migration:run");
  });
  afterAll(() => project?.remove());

  test("--strict fails on the first broken down(), naming it, and writes nothing", async () => {
    const result = retort(migrated().url, "import-typeorm", "--strict", ...shadow());
    expect(result.status).toBe(1);
    expect(failedLines(result.stderr)).toEqual([
      "FAILED: The TypeORM migration AddAuthorBio1700000200000 (src/migrations/1700000200000-AddAuthorBio.ts) " +
        'failed in the throw-away database during down(): syntax error at or near "DROPP" ' +
        "(without --strict it is imported as irreversible)",
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(project.dir, "migrations"))).toBe(false);
    // A down() that runs but leaves something behind fails the same way, saying what it left.
    const forgetful = retort(
      migrated().url,
      ...["import-typeorm", "--strict", "--no-stamp", "--from", "src/migrations/*-Create*.ts", ...shadow()],
    );
    expect(forgetful.status).toBe(1);
    expect(failedLines(forgetful.stderr)).toEqual([
      "FAILED: The TypeORM migration CreateBook1700000100000 (src/migrations/1700000100000-CreateBook.ts) " +
        "does not undo its up(): after its down() in the throw-away database, enum public.book_format_enum " +
        "added (without --strict it is imported as irreversible)",
    ]);
    expect(existsSync(path.join(project.dir, "migrations"))).toBe(false);
    expect(await query(migrated().url, "SELECT to_regclass('retort_version') IS NULL AS none")).toEqual([
      { none: true },
    ]);
  });

  test("import writes every migration, the broken ones irreversible, lists them, and stamps", () => {
    const result = retort(migrated().url, "import-typeorm", ...shadow());
    expect(result.status, result.stderr).toBe(0);
    const [, book, bio, index] = revisions();
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.slice(-4)).toEqual([
      `The database is stamped at ${index}.`,
      "Imported as irreversible, their downgrade() raises an error (2):",
      `  CreateBook1700000100000    ${NOT_UNDONE}`,
      `  AddAuthorBio1700000200000  ${FAILED_DOWN}`,
    ]);
    expect(result.stderr).toContain(`WARNI [retort.import] AddAuthorBio1700000200000: ${FAILED_DOWN}\n`);
    expect(result.stderr).toMatch(/Recording the down\(\) of the 2 migration\(s\) before AddAuthorBio/);
    expect(result.stderr).toMatch(/Recording the down\(\) of the 1 migration\(s\) before CreateBook/);

    // The working down()s as usual, CreateAuthor's recorded after the failures.
    expect(fileText(0)).toContain(
      'export async function downgrade({ op }: MigrationContext): Promise<void> {\n  await op.execute("DROP TABLE \\"author\\"");\n}',
    );
    expect(fileText(3)).toContain('await op.execute("DROP INDEX \\"public\\".\\"IDX_book_title\\"");');
    // The broken ones raise, naming the revision and why, with what TypeORM's down() sent kept.
    const bioText = fileText(2);
    expect(bioText).toContain(`Irreversible: ${FAILED_DOWN}, so downgrade() raises an error.`);
    expect(bioText).toContain(
      '  // await op.execute("DROP VIEW \\"author_names\\"");\n  // await op.execute("ALTER TABLE \\"author\\" DROPP COLUMN \\"bio\\"");\n' +
        `  throw new Error("Revision ${bio} (TypeORM AddAuthorBio1700000200000) cannot be downgraded: on import, its down() failed: syntax error at or near \\"DROPP\\"");`,
    );
    const bookText = fileText(1);
    expect(bookText).toContain("  //   enum public.book_format_enum added\n");
    expect(bookText).toContain(
      `throw new Error("Revision ${book} (TypeORM CreateBook1700000100000) cannot be downgraded: on import, ${NOT_UNDONE}");`,
    );
  });

  test("upgrade head on an empty database builds what TypeORM built", async () => {
    const result = retort(fresh().url, "upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(await catalog(fresh().url)).toEqual(await catalog(migrated().url));
  });

  test("downgrade base stops at the irreversible revision with one FAILED line, the database left there", async () => {
    const [, , bio] = revisions();
    const result = retort(fresh().url, "downgrade", "base");
    expect(result.status).toBe(1);
    expect(failedLines(result.stderr)).toEqual([
      `FAILED: downgrade of revision ${bio} failed and was rolled back: Revision ${bio} (TypeORM ` +
        `AddAuthorBio1700000200000) cannot be downgraded: on import, ${FAILED_DOWN}`,
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(retort(fresh().url, "current").stdout.trim()).toBe(bio);
    // Exactly where TypeORM's own revert of the last migration leaves its database: the index gone,
    // the view and the column the broken down() started to drop still there.
    typeorm(project, migrated().url, "migration:revert");
    const left = await catalog(fresh().url);
    expect(left).toEqual(await catalog(migrated().url));
    expect(left.views.map((view) => view.name)).toEqual(["author_names"]);
    expect(left.tables.find((table) => table.name === "book")?.indexes).toEqual([]);
  });
});
