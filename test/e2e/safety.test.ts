/**
 * Safe by default (issue 7), on real PostgreSQL with rows in the tables: renames keep data when
 * answered yes (on a terminal or with --rename) and say DATA LOSS when not; each hazard kind appears
 * where it should and nowhere else; --fail-on-hazard refuses; --online runs while another connection
 * keeps inserting.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  createDatabase,
  databaseKind,
  describeWithDatabase,
  dropDatabase,
  query,
} from "../support/database.js";
import { cliPath, createProject, type Project } from "../support/project.js";

const ptyRun = path.join(path.dirname(fileURLToPath(import.meta.url)), "../support/pty-run.py");

const entity = (fields: string) => `import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity()
export class Customer {
  @PrimaryGeneratedColumn()
  id!: number;
${fields}
}
`;
const ORIGINAL_FIELDS = `
  @Column({ type: "text" })
  mail!: string;

  @Column({ type: "integer", nullable: true })
  visits!: number | null;

  @Column({ type: "text", nullable: true })
  note!: string | null;
`;

describeWithDatabase("safe by default", () => {
  let project: Project;
  let db: { name: string; url: string };
  const env = () => ({ DATABASE_URL: db.url });
  const retort = (...args: string[]) => project.run(args, env());
  const newestMigration = () => {
    const files = readdirSync(path.join(project.dir, "migrations")).sort((a, b) => {
      const at = (f: string) =>
        readFileSync(path.join(project.dir, "migrations", f), "utf8").match(/Create Date: (.*)/)![1]!;
      return at(a).localeCompare(at(b));
    });
    return readFileSync(path.join(project.dir, "migrations", files.at(-1)!), "utf8");
  };
  const setEntity = (fields: string) =>
    writeFileSync(path.join(project.dir, "src/entity/Customer.ts"), entity(fields));

  // `init` and the first autogenerate give every test the same project: they run once, and each test
  // starts from a copy of it (its own directory and its own database, upgraded and filled afresh).
  let initialised: Project;
  beforeAll(async () => {
    const scratch = await createDatabase("retort_safety");
    try {
      initialised = createProject("safety-app");
      const run = (...args: string[]) => initialised.run(args, { DATABASE_URL: scratch.url });
      expect(run("init").status).toBe(0);
      expect(run("revision", "--autogenerate", "-m", "customers").status).toBe(0);
    } finally {
      await dropDatabase(scratch.name);
    }
  });
  afterAll(() => initialised?.remove());

  beforeEach(async () => {
    db = await createDatabase("retort_safety");
    project = createProject();
    cpSync(initialised.dir, project.dir, {
      recursive: true,
      filter: (source) => source !== path.join(initialised.dir, "node_modules"),
    });
    expect(retort("upgrade", "head").status).toBe(0);
    await query(
      db.url,
      "INSERT INTO customer (mail, visits) SELECT 'c' || g || '@example.com', g FROM generate_series(1, 50) g",
    );
  });
  afterEach(async () => {
    project.remove();
    await dropDatabase(db.name);
  });

  test("a rename answered yes on a terminal keeps every row and value", async () => {
    setEntity(ORIGINAL_FIELDS.replace("mail!: string", "email!: string"));
    const result = spawnSync(
      "python3",
      [
        ptyRun,
        JSON.stringify([["Did you rename column customer.mail to customer.email?", "y"]]),
        process.execPath,
        cliPath,
        "revision",
        "--autogenerate",
        "-m",
        "rename",
      ],
      { cwd: project.dir, env: { ...process.env, ...env() }, encoding: "utf8" },
    );
    expect(result.status, result.stdout).toBe(0);
    expect(newestMigration()).toContain('await op.renameColumn("customer", "mail", "email");');
    expect(retort("upgrade", "head").status).toBe(0);
    const rows = await query<{ email: string }>(db.url, "SELECT email FROM customer ORDER BY id");
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual({ email: "c1@example.com" });
    expect(retort("downgrade", "-1").status).toBe(0);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM customer WHERE mail LIKE 'c%'")).toEqual([
      { n: 50 },
    ]);
  });

  test("the same rename answered no drops the column, and the file says so", async () => {
    setEntity(
      ORIGINAL_FIELDS.replace("mail!: string", "email!: string").replace(
        'type: "text" })\n  email',
        'type: "text", nullable: true })\n  email',
      ),
    );
    const result = spawnSync(
      "python3",
      [
        ptyRun,
        JSON.stringify([["Did you rename column customer.mail to customer.email?", "n"]]),
        process.execPath,
        cliPath,
        "revision",
        "--autogenerate",
        "-m",
        "no rename",
      ],
      { cwd: project.dir, env: { ...process.env, ...env() }, encoding: "utf8" },
    );
    expect(result.status, result.stdout).toBe(0);
    const text = newestMigration();
    expect(text).toContain("// DATA LOSS: drops column customer.mail and its values");
    expect(text).toContain('await op.dropColumn("customer", "mail");');
    expect(result.stdout).toContain("DATA LOSS: drops column customer.mail");
    expect(retort("upgrade", "head").status).toBe(0);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM customer WHERE email IS NULL")).toEqual([
      { n: 50 },
    ]);
  });

  test("without a terminal, --rename keeps the data; --rename-table renames the table and its key", async () => {
    setEntity(ORIGINAL_FIELDS.replace("mail!: string", "email!: string"));
    writeFileSync(
      path.join(project.dir, "src/entity/Customer.ts"),
      entity(ORIGINAL_FIELDS.replace("mail!: string", "email!: string")).replace(
        "@Entity()",
        '@Entity("client")',
      ),
    );
    const result = retort(
      "revision",
      "--autogenerate",
      "-m",
      "renames",
      "--rename-table",
      "customer=client",
      "--rename",
      "client.mail=client.email",
    );
    expect(result.status, result.stderr).toBe(0);
    const text = newestMigration();
    expect(text).toContain('await op.renameTable("customer", "client");');
    expect(text).toContain('await op.renameColumn("client", "mail", "email");');
    expect(text).toMatch(/await op\.renameConstraint\("client", "PK_\w+", "PK_\w+"\);/);
    expect(text).not.toContain("dropTable");
    expect(retort("upgrade", "head").status).toBe(0);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM client WHERE email LIKE 'c%'")).toEqual([
      { n: 50 },
    ]);
    expect(retort("check").stdout).toContain("No new upgrade operations detected.");
  });

  describe("a look-alike drop and add with nobody to ask", () => {
    const flag = "--rename customer.mail=customer.email";
    const dataLoss = `DATA LOSS: drops column customer.mail and its values (possible rename: pass ${flag} to keep them)`;
    const note = `Possible rename: pass ${flag} to keep the values`;
    beforeEach(() =>
      setEntity(
        ORIGINAL_FIELDS.replace(
          'type: "text" })\n  mail!: string',
          'type: "text", nullable: true })\n  email!: string',
        ),
      ),
    );

    test("revision says it may be a rename, in its summary and next to the drop and the add in the file", () => {
      const result = retort("revision", "--autogenerate", "-m", "maybe rename");
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).not.toContain("Did you rename");
      expect(result.stderr).toContain(
        `    + add column email text\n        ${note}\n    - drop column mail\n        ${dataLoss}\n`,
      );
      const upgrade = newestMigration().split("export async function downgrade")[0]!;
      expect(upgrade).toContain(`  // ${note}\n  await op.addColumn("customer", { name: "email"`);
      expect(upgrade).toContain(`  // ${dataLoss}\n  await op.dropColumn("customer", "mail");`);
    });

    test("--fail-on-hazard data-loss refuses it, naming the possible rename; the flag it names keeps the data", async () => {
      const refused = retort("check", "--fail-on-hazard", "data-loss");
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        `FAILED: Refusing operations with hazards (--fail-on-hazard data-loss): ${dataLoss}\n`,
      );
      const renamed = retort(
        "revision",
        "--autogenerate",
        "-m",
        "rename",
        "--fail-on-hazard",
        "data-loss",
        ...flag.split(" "),
      );
      expect(renamed.status, renamed.stderr).toBe(0);
      expect(retort("upgrade", "head").status).toBe(0);
      expect(await query(db.url, "SELECT count(*)::int AS n FROM customer WHERE email LIKE 'c%'")).toEqual([
        { n: 50 },
      ]);
    });

    test("check never waits for an answer: not with stdin an open pipe, not on a terminal", async () => {
      // runAsync leaves the child's stdin an open pipe that nobody writes to: a question would hang here.
      const piped = await project.runAsync(["check"], env());
      expect(piped.status).toBe(1);
      expect(piped.stdout).toContain(`        ${note}\n    - drop column mail\n        ${dataLoss}\n`);
      // On a terminal revision would ask (see above); check must not. No answers are scripted, so a
      // question would block until the timeout kills it.
      const onTerminal = spawnSync("python3", [ptyRun, "[]", process.execPath, cliPath, "check"], {
        cwd: project.dir,
        env: { ...process.env, ...env(), NO_COLOR: "1" },
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(onTerminal.status, onTerminal.stdout).toBe(1);
      expect(onTerminal.stdout).not.toContain("Did you rename");
      expect(onTerminal.stdout).toContain(note);
      expect(onTerminal.stdout).toContain(dataLoss);
    });
  });

  test("each hazard kind appears where it should and nowhere else", async () => {
    setEntity(`
  @Index()
  @Column({ type: "text" })
  mail!: string;

  @Column({ type: "bigint" })
  visits!: string;

  @Column({ type: "text", nullable: true })
  extra!: string | null;
`);
    const result = retort("revision", "--autogenerate", "-m", "hazards");
    expect(result.status, result.stderr).toBe(0);
    const upgrade = newestMigration().split("export async function downgrade")[0]!;
    // Each call with the hazard comments right above it.
    const commentedCalls = [
      ...upgrade.matchAll(/((?:\s*\/\/ [A-Z ]+: .*\n)+)\s+await (op\.\w+)\("customer", "(\w+)"/g),
    ].flatMap((m) => [...m[1]!.matchAll(/\/\/ ([A-Z ]+):/g)].map((c) => `${c[1]} ${m[2]} ${m[3]}`));
    expect(commentedCalls).toEqual([
      "TABLE REWRITE op.alterColumn visits",
      "MAY FAIL op.alterColumn visits",
      "DATA LOSS op.dropColumn note",
    ]);
    expect(upgrade).toMatch(
      /\/\/ LONG LOCK: building IDX_\w+ on customer \(mail\) blocks writes to customer/,
    );
    // Nothing hazardous about a new nullable column; as note and extra look alike, it may be a rename.
    expect(upgrade).toMatch(
      /\n {2}\/\/ Possible rename: pass --rename customer\.note=customer\.extra to keep the values\n {2}await op\.addColumn\("customer", \{ name: "extra"/,
    );
  });

  test("--fail-on-hazard data-loss refuses and writes no file", async () => {
    setEntity(
      ORIGINAL_FIELDS.replace(
        /\n {2}@Column\(\{ type: "text", nullable: true \}\)\n {2}note!: string \| null;\n/,
        "\n",
      ),
    );
    const before = readdirSync(path.join(project.dir, "migrations")).length;
    const result = retort("revision", "--autogenerate", "-m", "drop note", "--fail-on-hazard", "data-loss");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /FAILED: Refusing operations with hazards \(--fail-on-hazard data-loss\): DATA LOSS: drops column customer\.note/,
    );
    expect(readdirSync(path.join(project.dir, "migrations"))).toHaveLength(before);
    expect(retort("check", "--fail-on-hazard", "table-rewrite,data-loss").status).toBe(1);
  });

  test("--online: a concurrent index and a validated NOT NULL while another connection keeps inserting", async ({
    skip,
  }) => {
    skip(databaseKind === "embedded", "two sessions at once: the embedded database (PGlite) has only one");
    setEntity(
      ORIGINAL_FIELDS.replace(
        '@Column({ type: "integer", nullable: true })',
        '@Index()\n  @Column({ type: "integer" })',
      ).replace("visits!: number | null", "visits!: number"),
    );
    const generated = retort("revision", "--autogenerate", "-m", "online", "--online");
    expect(generated.status, generated.stderr).toBe(0);
    const text = newestMigration();
    expect(text).toMatch(/op\.createIndex\("IDX_\w+", "customer", \["visits"\], \{ concurrently: true \}\)/);
    expect(text).toContain('await op.validateConstraint("customer_visits_not_null", "customer");');

    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    let inserted = 0;
    let stop = false;
    const errors: unknown[] = [];
    const inserting = (async () => {
      while (!stop) {
        try {
          await writer.query("INSERT INTO customer (mail, visits) VALUES ('w@example.com', 1)");
          inserted++;
        } catch (error) {
          errors.push(error);
        }
      }
    })();
    const upgraded = await project.runAsync(["upgrade", "head"], env());
    stop = true;
    await inserting;
    await writer.end();
    expect(upgraded.status, upgraded.stderr).toBe(0);
    expect(errors).toEqual([]);
    expect(inserted).toBeGreaterThan(0);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM customer")).toEqual([{ n: 50 + inserted }]);
    const [index] = await query<{ valid: boolean }>(
      db.url,
      "SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 'customer' AND NOT i.indisprimary",
    );
    expect(index).toEqual({ valid: true });
    expect(retort("check").stdout).toContain("No new upgrade operations detected.");
  });
});
