/**
 * `retort import-typeorm` on a project whose migrations TypeORM itself generated and ran: TypeORM's CLI
 * generates "create the tables" from the first entities and "add columns, an index, an enum and a view"
 * from the second (a view: TypeORM records it in typeorm_metadata with a parameterised INSERT); a third,
 * written by hand, seeds rows with parameters and builds an index CONCURRENTLY (`transaction = false`).
 * TypeORM runs them on the databases below, and then retort takes over.
 *
 *   full     all three TypeORM migrations ran       → stamped at the third revision
 *   partial  only the first ran                     → stamped at the first
 *   odd      the second ran, the first's row gone   → refused
 *   fresh    nothing: `retort upgrade head` builds what TypeORM built
 */
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { introspect } from "../../src/introspect/index.js";
import { describeWithServer, query, urlFor, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";
import { generateMigration, typeorm } from "./typeorm-cli.js";

const TYPEORM_TABLE = "typeorm_migrations"; // the fixture's migrationsTableName

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspect(client, {
      schemas: ["public"],
      // retort_version_progress: the runner's record of steps around CONCURRENTLY statements.
      excludeTables: ["retort_version", "retort_version_progress", TYPEORM_TABLE],
    });
  } finally {
    await client.end();
  }
}

/** Imported file names (`<hash>_<name>_<timestamp>.ts`) in TypeORM's order: by their timestamp. */
function inTypeormOrder(files: readonly string[]): string[] {
  const timestamp = (file: string) => Number(/_(\d{13})\.ts$/.exec(file)?.[1]);
  return [...files].sort((a, b) => timestamp(a) - timestamp(b));
}

describeWithServer("retort import-typeorm", () => {
  const full = useDatabase("retort_import_full");
  const partial = useDatabase("retort_import_partial");
  const odd = useDatabase("retort_import_odd");
  const fresh = useDatabase("retort_import_fresh");
  let project: Project;
  let typeormFiles: string[];
  // A getter: the describe body also runs (to be skipped) on the embedded database, with no server URL.
  const shadow = () => ["--shadow-url", urlFor("postgres")];
  const retort = (url: string, ...args: string[]) => project.run(args, { DATABASE_URL: url });
  const imported = (dir = "migrations") => inTypeormOrder(readdirSync(path.join(project.dir, dir)));
  const importedText = (i: number) =>
    readFileSync(path.join(project.dir, "migrations", imported()[i]!), "utf8");

  beforeAll(() => {
    project = createProject("typeorm-migrations-app");
    const first = generateMigration(project, full().url, "CreateTables");
    for (const db of [full, partial, odd]) typeorm(project, db().url, "migration:run");
    cpSync(path.join(project.dir, "versions/v2"), path.join(project.dir, "src"), { recursive: true });
    const second = generateMigration(project, full().url, "AddFormat");
    for (const db of [full, odd]) typeorm(project, db().url, "migration:run");
    cpSync(path.join(project.dir, "versions/v3"), path.join(project.dir, "src"), { recursive: true });
    // A migration with its own transaction mode cannot run in TypeORM's default single transaction.
    typeorm(project, full().url, "migration:run", "--transaction", "each");
    typeormFiles = [first, second, "src/migrations/2000000000000-SeedAuthors.ts"];
  });
  afterAll(() => project?.remove());

  test("TypeORM generated two migrations and ran all three", async () => {
    expect(typeormFiles.slice(0, 2)).toEqual([
      expect.stringMatching(/^src\/migrations\/\d{13}-CreateTables\.ts$/),
      expect.stringMatching(/^src\/migrations\/\d{13}-AddFormat\.ts$/),
    ]);
    expect(await query(full().url, `SELECT count(*)::int AS n FROM ${TYPEORM_TABLE}`)).toEqual([{ n: 3 }]);
  });

  test("a non-prefix applied set is refused with one FAILED line, and nothing is written", async () => {
    await query(odd().url, `DELETE FROM ${TYPEORM_TABLE} WHERE name LIKE 'CreateTables%'`);
    const result = retort(odd().url, "import-typeorm", ...shadow());
    expect(result.status).toBe(1);
    const failed = result.stderr.split("\n").filter((line) => line.startsWith("FAILED"));
    expect(failed).toEqual([
      expect.stringMatching(/^FAILED: .*CreateTables\d{13} has not run, but the later AddFormat\d{13} has/),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await query(odd().url, "SELECT to_regclass('retort_version') IS NULL AS none")).toEqual([
      { none: true },
    ]);
    expect(existsSync(path.join(project.dir, "migrations"))).toBe(false);
  });

  test("import writes one readable migration per TypeORM migration and stamps the last applied", async () => {
    const result = retort(full().url, "import-typeorm", ...shadow());
    expect(result.status, result.stderr).toBe(0);
    const files = imported();
    expect(files).toEqual([
      expect.stringMatching(/^[0-9a-f]{12}_create_tables_\d{13}\.ts$/),
      expect.stringMatching(/^[0-9a-f]{12}_add_format_\d{13}\.ts$/),
      expect.stringMatching(/^[0-9a-f]{12}_seed_authors_2000000000000\.ts$/),
    ]);
    const [firstRev, secondRev, thirdRev] = files.map((f) => f.slice(0, 12));
    const first = importedText(0);
    expect(first).toContain(`Imported by \`retort import-typeorm\` from the TypeORM migration CreateTables`);
    expect(first).toContain(`(${typeormFiles[0]})`);
    expect(first).toContain("export const downRevision: string | readonly string[] | null = null;");
    expect(first).toContain('await op.execute("CREATE EXTENSION IF NOT EXISTS \\"uuid-ossp\\"");');
    expect(first).toMatch(/await op\.execute\("CREATE TABLE \\"author\\" \(\\"id\\" SERIAL NOT NULL, .*"\);/);
    expect(first).toContain('await op.execute("DROP TABLE \\"book\\"");');
    const second = importedText(1);
    expect(second).toContain(`export const downRevision: string | readonly string[] | null = "${firstRev}";`);
    expect(second).toContain(
      `await op.execute("CREATE TYPE \\"public\\".\\"book_format\\" AS ENUM('hardcover', 'paperback', 'e''book')");`,
    );
    expect(second).toMatch(/await op\.execute\("CREATE INDEX \\"IDX_\w+\\" ON \\"book\\"/);
    expect(second).toContain('await op.execute("ALTER TABLE \\"book\\" DROP COLUMN \\"format\\"");');
    // TypeORM's parameters, inlined as literals; the table TypeORM's runner makes for them, created first.
    expect(second).toMatch(
      /await op\.execute\("CREATE TABLE IF NOT EXISTS \\"typeorm_metadata\\" .*\n(?:.*\n)*.*INSERT INTO \\"typeorm_metadata\\"\(.*\) VALUES \(DEFAULT, 'public', DEFAULT, 'VIEW', 'book_count', 'SELECT .*'\)"\);/,
    );
    expect(second).toContain('await op.execute("DROP TABLE IF EXISTS \\"typeorm_metadata\\"");');
    expect(first).not.toContain("typeorm_metadata");
    // The hand-written one: parameters inlined (a `$1` inside a value stays text), its read kept and
    // flagged for review, its schema-method catalog reads left out, its CONCURRENTLY index as written.
    const third = importedText(2);
    expect(third).toContain(
      `await op.execute("INSERT INTO \\"author\\"(\\"name\\") VALUES ('O''Brien'), (E'back\\\\\\\\slash $1')");`,
    );
    expect(third).toContain("// REVIEW: TypeORM's migration read rows (a SELECT).");
    expect(result.stderr).toMatch(/^WARNI \[retort\.import\] SeedAuthors2000000000000 reads rows/m);
    expect(third).toContain(
      'await op.execute("CREATE INDEX CONCURRENTLY \\"IDX_author_name\\" ON \\"author\\" (\\"name\\")");',
    );
    expect(third).toContain(
      `await op.execute("DELETE FROM \\"author\\" WHERE \\"name\\" = ANY(E'{\\"O''Brien\\",\\"back\\\\\\\\\\\\\\\\slash $1\\"}')");`,
    );
    // Only the migrations' own statements: none of TypeORM's bookkeeping.
    for (const text of [first, second, third]) {
      expect(text).not.toMatch(/START TRANSACTION|COMMIT|information_schema|pg_catalog|typeorm_migrations/);
      for (const line of text.split("\n").filter((l) => l.includes("op.execute")))
        expect(line).toMatch(/^ {2}await op\.execute\(".*"\);$/);
    }
    expect(result.stdout).toContain(`The database is stamped at ${thirdRev}.`);
    expect(result.stderr).toContain(`Running stamp_revision  -> ${thirdRev}`);

    expect(retort(full().url, "current").stdout.trim()).toBe(`${thirdRev} (head)`);
    const check = retort(full().url, "check");
    expect(check.stdout).toContain("No new upgrade operations detected.");
    expect(check.status).toBe(0);
    const history = retort(full().url, "history");
    expect(history.stdout).toMatch(
      new RegExp(`${secondRev} -> ${thirdRev} \\(head\\), SeedAuthors2000000000000`),
    );
    expect(history.stdout).toMatch(new RegExp(`${firstRev} -> ${secondRev}, AddFormat\\d{13}`));
    expect(history.stdout).toMatch(new RegExp(`<base> -> ${firstRev}, CreateTables\\d{13}`));
  });

  test("upgrade head on an empty database builds what TypeORM built; downgrade base undoes it all", async () => {
    const typeormMade = await catalog(full().url);
    expect(retort(fresh().url, "upgrade", "head").status).toBe(0);
    expect(await catalog(fresh().url)).toEqual(typeormMade);
    for (const rows of ["SELECT * FROM typeorm_metadata ORDER BY name", "SELECT * FROM author ORDER BY id"])
      expect(await query(fresh().url, rows)).toEqual(await query(full().url, rows));
    const down = retort(fresh().url, "downgrade", "base");
    expect(down.status, down.stderr).toBe(0);
    expect((await catalog(fresh().url)).tables).toEqual([]);
    expect(retort(fresh().url, "upgrade", "head").status).toBe(0);
    expect(await catalog(fresh().url)).toEqual(typeormMade);
    expect(retort(fresh().url, "check").status).toBe(0);
  });

  test("a database where only the first TypeORM migration ran is stamped at the first revision", async () => {
    const firstRev = imported()[0]!.slice(0, 12);
    const result = retort(partial().url, "import-typeorm", ...shadow());
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("(0 written, 3 already there)");
    expect(retort(partial().url, "current").stdout.trim()).toBe(firstRev);
    // ... and retort takes it the rest of the way.
    expect(retort(partial().url, "upgrade", "head").status).toBe(0);
    expect(await catalog(partial().url)).toEqual(await catalog(full().url));
  });

  test("the embedded recording (the default) of --from files writes the same, and --no-stamp stamps nothing", () => {
    const result = retort(
      full().url,
      "import-typeorm",
      "--from",
      "src/migrations/*.ts",
      "--no-stamp",
      "--migrations",
      "migrations-embedded",
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("Using a throw-away embedded database");
    expect(result.stdout).toContain("The database was not stamped (--no-stamp).");
    const embedded = imported("migrations-embedded");
    expect(embedded).toEqual(imported());
    for (const file of embedded) {
      expect(readFileSync(path.join(project.dir, "migrations-embedded", file), "utf8")).toBe(
        readFileSync(path.join(project.dir, "migrations", file), "utf8"),
      );
    }
  });

  test("importing again writes nothing, keeps hand edits, and leaves the stamp", () => {
    appendFileSync(path.join(project.dir, "migrations", imported()[1]!), "// reviewed\n");
    const before = imported().map((f) => readFileSync(path.join(project.dir, "migrations", f), "utf8"));
    const result = retort(full().url, "import-typeorm");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("(0 written, 3 already there)");
    expect(result.stderr).not.toContain("Recording");
    expect(imported().map((f) => readFileSync(path.join(project.dir, "migrations", f), "utf8"))).toEqual(
      before,
    );
    expect(retort(full().url, "current").stdout.trim()).toBe(`${imported()[2]!.slice(0, 12)} (head)`);
  });

  test("with no database reachable it writes, warns how to stamp later, and exits 0", () => {
    const result = retort("postgresql://postgres@127.0.0.1:1/nowhere", "import-typeorm");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^WARNI \[retort\.import\] Nothing stamped: Could not connect to .*To stamp once the database is reachable: run retort import-typeorm again/m,
    );
    expect(result.stdout).toContain("The database was not stamped (Could not connect to");
  });

  test("a directory holding other retort migrations is refused", () => {
    const result = retort(full().url, "revision", "-m", "mine");
    expect(result.status, result.stderr).toBe(0);
    const again = retort(full().url, "import-typeorm", ...shadow());
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(
      /^FAILED: .*already holds retort migrations that this import did not write/m,
    );
  });
});
