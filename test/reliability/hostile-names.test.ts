/**
 * Hostile and odd input (issue 9): names with quotes, spaces, upper case, unicode, reserved words and
 * `a"; drop table x; --`; enum labels, comments and defaults with quotes and backslashes; names past
 * PostgreSQL's 63 bytes. Each goes through autogenerate, the generated file, `upgrade`, `check` (no
 * diff), a second revision that renames and alters them, and `downgrade`, and the catalog is asserted
 * to hold exactly those names and values. The table `x` that the injection names keeps its row.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeWithDatabase, query, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

const EVIL = 'a"; drop table x; --';
const EVIL_RENAMED = 'b"; drop table x; --';
const LABELS = ["it's", "back\\slash", 'dq"uote', "plain", "ünï 名"];
const DEFAULT_TEXT = 'it\'s a \\ back\\slash "dq"';
const COMMENT = "c'o\"m\\ment -- */ /*";

const entities = (options: { evil: string; extraLabel?: string; comment: string }) => `
import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: ${JSON.stringify('we"ird Table')}, comment: ${JSON.stringify(COMMENT)} })
@Index("idx with space", ["reserved"])
export class Weird {
  @PrimaryGeneratedColumn({ name: "Id" })
  id!: number;

  @Column({ name: ${JSON.stringify(options.evil)}, type: "text", default: ${JSON.stringify(DEFAULT_TEXT)}, comment: ${JSON.stringify(options.comment)} })
  evil!: string;

  @Column({ name: "select", type: "integer", default: 0 })
  reserved!: number;

  @Column({ name: "Ünïcødé 名前", type: "text", nullable: true })
  unicode!: string | null;

  @Column({ type: "enum", enum: ${JSON.stringify([...LABELS, ...(options.extraLabel ? [options.extraLabel] : [])])}, enumName: 'mood "type"', default: "it's" })
  mood!: string;
}

@Entity({ name: "order" })
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Weird, { onDelete: "CASCADE" })
  weird!: Weird;
}

@Entity({ name: "x" })
export class X {
  @PrimaryGeneratedColumn()
  id!: number;
}

@Entity({ name: "a_table_name_that_is_quite_long_indeed_and_goes_past_the_limit_of_postgres" })
export class Long {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "customer_lifetime_value_in_the_reporting_currency_before_tax_and_fees", type: "numeric", nullable: true })
  value!: string | null;
}
`;

describeWithDatabase("hostile and odd names round-trip", () => {
  const db = useDatabase("retort_hostile");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    query<T>(db().url, text, params);
  const setEntities = (text: string) => writeFileSync(path.join(project.dir, "src/entity/All.ts"), text);
  const migrationFiles = () =>
    readdirSync(path.join(project.dir, "migrations")).map((f) => path.join(project.dir, "migrations", f));
  /** Everything a reviewer would check about the hostile table, read from the catalog. */
  const catalog = async () => ({
    columns: (
      await sql<{ attname: string; comment: string | null }>(
        `SELECT attname, col_description(attrelid, attnum) AS comment FROM pg_attribute
          WHERE attrelid = '"we""ird Table"'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      )
    ).map((r) => [r.attname, r.comment]),
    tableComment: (await sql<{ c: string }>(`SELECT obj_description('"we""ird Table"'::regclass) AS c`))[0]!
      .c,
    labels: (
      await sql<{ enumlabel: string }>(
        `SELECT enumlabel FROM pg_enum WHERE enumtypid = '"mood ""type"""'::regtype ORDER BY enumsortorder`,
      )
    ).map((r) => r.enumlabel),
    indexes: (
      await sql<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'we"ird Table' ORDER BY 1`,
      )
    ).map((r) => r.indexname),
    longTable: (
      await sql<{ relname: string }>(
        "SELECT relname FROM pg_class WHERE relname LIKE 'a_table_name_that%' AND relkind = 'r'",
      )
    ).map((r) => r.relname),
  });

  beforeAll(async () => {
    project = createProject();
    writeFileSync(path.join(project.dir, "package.json"), '{ "name": "hostile-app", "private": true }\n');
    mkdirSync(path.join(project.dir, "src/entity"), { recursive: true });
    setEntities(entities({ evil: EVIL, comment: COMMENT }));
    expect(retort("init").status).toBe(0);
  });
  afterAll(() => project?.remove());

  test("autogenerate → file → upgrade → check: the catalog holds exactly those names and values", async () => {
    const generated = retort("revision", "--autogenerate", "-m", "hostile names");
    expect(generated.status, generated.stderr).toBe(0);
    const [file] = migrationFiles();
    const source = readFileSync(file!, "utf8");
    // Names are string literals in the file, escaped as TypeScript escapes them.
    expect(source).toContain(JSON.stringify(EVIL));
    expect(source).toContain(JSON.stringify(COMMENT));

    // The SQL the file runs never has the injected text outside a quoted identifier.
    const script = retort("upgrade", "base:head", "--sql");
    expect(script.status, script.stderr).toBe(0);
    const outsideQuotes = script.stdout.replace(/"(?:[^"]|"")*"/g, '""').replace(/'(?:[^']|'')*'/g, "''");
    expect(outsideQuotes.toLowerCase()).not.toContain("drop table x");

    await sql("CREATE TABLE x (id serial PRIMARY KEY); INSERT INTO x DEFAULT VALUES");
    // x exists before the first migration: let the migration find it there.
    await sql("DROP TABLE x");
    const upgraded = retort("upgrade", "head");
    expect(upgraded.status, upgraded.stderr).toBe(0);
    await sql("INSERT INTO x DEFAULT VALUES");

    const check = retort("check");
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toBe("No new upgrade operations detected.\n");

    expect(await catalog()).toEqual({
      columns: [
        ["Id", null],
        [EVIL, COMMENT],
        ["select", null],
        ["Ünïcødé 名前", null],
        ["mood", null],
      ],
      tableComment: COMMENT,
      labels: LABELS,
      indexes: ["PK_5bb552aea2e5656e9bd8e8c0a42", "idx with space"],
      longTable: ["a_table_name_that_is_quite_long_indeed_and_goes_past_the_limit_"],
    });
    // The defaults are the values the entities say.
    const [row] = await sql<Record<string, unknown>>(
      `INSERT INTO "we""ird Table" DEFAULT VALUES RETURNING "a""; drop table x; --" AS evil, mood`,
    );
    expect(row).toEqual({ evil: DEFAULT_TEXT, mood: "it's" });
    expect(await sql("SELECT count(*)::int AS n FROM x")).toEqual([{ n: 1 }]);
  });

  test("a second revision renames the column, adds a label and changes a comment; downgrade restores", async () => {
    const before = await catalog();
    const newComment = "now with a\nnewline and 'quotes'";
    setEntities(entities({ evil: EVIL_RENAMED, extraLabel: "new'\"\\label", comment: newComment }));
    const generated = retort(
      "revision",
      "--autogenerate",
      "-m",
      "rename hostile",
      "--rename",
      `we"ird Table.${EVIL}=we"ird Table.${EVIL_RENAMED}`,
    );
    expect(generated.status, generated.stderr).toBe(0);
    const source = readFileSync(
      migrationFiles()
        .sort()
        .find((f) => readFileSync(f, "utf8").includes("rename hostile"))!,
      "utf8",
    );
    expect(source).toContain(
      `await op.renameColumn(${JSON.stringify('we"ird Table')}, ${JSON.stringify(EVIL)}, ${JSON.stringify(EVIL_RENAMED)});`,
    );

    expect(retort("upgrade", "head").status).toBe(0);
    expect(retort("check").stdout).toBe("No new upgrade operations detected.\n");
    const after = await catalog();
    expect(after.columns[1]).toEqual([EVIL_RENAMED, newComment]);
    expect(after.labels).toEqual([...LABELS, "new'\"\\label"]);
    const [row] = await sql(
      `SELECT count(*)::int AS n FROM "we""ird Table" WHERE "b""; drop table x; --" = $1`,
      [DEFAULT_TEXT],
    );
    expect(row).toEqual({ n: 1 });

    // Removing an enum label cannot be done in place; the downgrade swaps the type and keeps the rows.
    const down = retort("downgrade", "-1");
    expect(down.status, down.stderr).toBe(0);
    expect(await catalog()).toEqual(before);
    expect(
      await sql(`SELECT count(*)::int AS n FROM "we""ird Table" WHERE "a""; drop table x; --" = $1`, [
        DEFAULT_TEXT,
      ]),
    ).toEqual([{ n: 1 }]);

    expect(retort("downgrade", "base").status).toBe(0);
    const left = await sql<{ relname: string }>(
      "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
    );
    expect(left.map((r) => r.relname)).toEqual(["retort_version"]);
  });
});

describeWithDatabase("names PostgreSQL would truncate into one", () => {
  const db = useDatabase("retort_truncate");
  let project: Project;
  const retort = (...args: string[]) => project.run(args, { DATABASE_URL: db().url });

  beforeAll(async () => {
    project = createProject();
    writeFileSync(path.join(project.dir, "package.json"), '{ "name": "long-names-app", "private": true }\n');
    mkdirSync(path.join(project.dir, "src/entity"), { recursive: true });
    // An entity file for init to find (it writes `entities` only then); each case replaces it.
    writeFileSync(
      path.join(project.dir, "src/entity/Entities.ts"),
      'import { Entity, PrimaryGeneratedColumn } from "typeorm";\n@Entity() export class Placeholder { @PrimaryGeneratedColumn() id!: number; }\n',
    );
    expect(retort("init").status).toBe(0);
  });
  afterAll(() => project?.remove());

  const cases: Array<[string, string, RegExp]> = [
    [
      "two columns that differ after byte 63",
      `@Entity() export class Metric {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: "${"x".repeat(63)}_gross_amount", type: "numeric" }) gross!: string;
  @Column({ name: "${"x".repeat(63)}_net_amount", type: "numeric" }) net!: string;
}`,
      /^FAILED: Two names among the columns of table metric are the same to PostgreSQL, which keeps only the first 63 bytes of a name: "x{63}_gross_amount" and "x{63}_net_amount" both become "x{63}"\. Give one of them a shorter name\.$/,
    ],
    [
      "two tables whose unicode names differ after byte 63 (cut at a whole character)",
      // 31 two-byte characters are 62 bytes; the 32nd does not fit whole, so the cut is before it.
      `@Entity({ name: "${"é".repeat(32)}_a" }) export class A { @PrimaryGeneratedColumn() id!: number; }
@Entity({ name: "${"é".repeat(32)}_b" }) export class B { @PrimaryGeneratedColumn() id!: number; }`,
      new RegExp(
        `^FAILED: Two names in schema public are the same to PostgreSQL, .* both become "${"é".repeat(31)}"\\.`,
      ),
    ],
    [
      "an enum label longer than 63 bytes",
      `@Entity() export class Flag {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "enum", enum: ["ok", "${"l".repeat(64)}"] }) state!: string;
}`,
      /^FAILED: The enum flag_state_enum has the value "l{64}", longer than the 63 bytes PostgreSQL allows for an enum label\. Shorten the value\.$/,
    ],
    [
      "two enum types whose names differ after byte 63",
      `@Entity() export class Flag {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "enum", enum: ["a"], enumName: "${"e".repeat(63)}_first" }) first!: string;
  @Column({ type: "enum", enum: ["b"], enumName: "${"e".repeat(63)}_second" }) second!: string;
}`,
      /^FAILED: Two names among the enum types of schema public are the same to PostgreSQL, .* both become "e{63}"\./,
    ],
    [
      "an enum type that no column naming it lists the values of",
      `@Entity() export class Task {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "enum", enumName: "priority" }) priority!: string;
  @Column({ type: "enum", enumName: "priority", nullable: true }) previous!: string | null;
}`,
      /^FAILED: The enum type priority \(named by the column task\.priority\) has no values: no column that names it lists them\. Give one of its columns `enum: \[\.\.\.\]`\.$/,
    ],
  ];

  test.each(cases)("%s: refused with one line, no file written", (_name, body, message) => {
    const migrations = path.join(project.dir, "migrations");
    for (const file of readdirSync(migrations)) rmSync(path.join(migrations, file));
    writeFileSync(
      path.join(project.dir, "src/entity/Entities.ts"),
      `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";\n${body}\n`,
    );
    const result = retort("revision", "--autogenerate", "-m", "long");
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(path.join(project.dir, "migrations"))).toEqual([]);
  });
});
