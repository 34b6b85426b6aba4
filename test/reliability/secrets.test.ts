/**
 * Secrets (issue 9): the password of the database URL never appears in anything retort prints, whether
 * the URL came from --url, $DATABASE_URL or the config file, whether the message is retort's own or the
 * server's (the fake server below quotes the password back), and with --traceback stack traces. A
 * generated migration never contains the URL or any secret from the config.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeWithServer, useDatabase } from "../support/database.js";
import { type FakeAuthServer, startFakeAuthServer } from "../support/fake-auth-server.js";
import { createMigrationsProject } from "../support/migrations-dir.js";
import { createProject } from "../support/project.js";

const PASSWORD = "s3cr3t-plain";
const ENCODED = encodeURIComponent("s3cr3t:p@ss/word!");
/** Not a valid URL (a raw `@` and `/` in the password), but one a user may well type. */
const RAW = "s3cr3t:p@ss/word!";

describe("passwords are masked in every line", () => {
  let fake: FakeAuthServer;
  beforeAll(async () => {
    fake = await startFakeAuthServer();
  });
  afterAll(() => fake?.close());
  const urlWith = (password: string) => `postgresql://app:${password}@127.0.0.1:${fake.port}/app`;

  const sources: Array<
    [string, (url: string) => { args: string[]; env: Record<string, string>; config?: string }]
  > = [
    ["--url", (url) => ({ args: ["--url", url], env: {} })],
    ["$DATABASE_URL", (url) => ({ args: [], env: { DATABASE_URL: url } })],
    [
      "the config file",
      (url) => ({ args: [], env: {}, config: `export default { url: ${JSON.stringify(url)} };\n` }),
    ],
  ];

  test.each(sources)("from %s, in the error and the --traceback trace", async (_from, source) => {
    for (const password of [PASSWORD, ENCODED, RAW]) {
      const { args, env, config } = source(urlWith(password));
      const project = createMigrationsProject();
      try {
        if (config) writeFileSync(path.join(project.dir, "retort.config.ts"), config);
        for (const command of [["current"], ["upgrade", "head"], ["--traceback", "upgrade", "head"]]) {
          const result = await project.runAsync([...args, ...command], env);
          expect(result.status).toBe(1);
          const output = result.stdout + result.stderr;
          expect(output).toContain(
            password === RAW ? "must be percent-encoded ('@' as %40" : "password authentication failed",
          );
          expect(output).toContain("***");
          for (const secret of [password, "s3cr3t", "word!"]) {
            expect(output).not.toContain(secret);
          }
        }
      } finally {
        project.remove();
      }
    }
  });
});

describeWithServer("a generated migration holds no URL and no secret", () => {
  const db = useDatabase("retort_secrets");

  test("autogenerate with a password in the config's URL", () => {
    const project = createProject();
    try {
      // The server trusts local connections, so any password works: here it only has to stay secret.
      const url = db().url.replace(/^(postgres(?:ql)?:\/\/postgres)@/, `$1:${ENCODED}@`);
      expect(url).toContain(ENCODED);
      mkdirSync(path.join(project.dir, "src/entity"), { recursive: true });
      mkdirSync(path.join(project.dir, "migrations"));
      writeFileSync(
        path.join(project.dir, "src/entity/Thing.ts"),
        `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity() export class Thing { @PrimaryGeneratedColumn() id!: number; @Column({ default: "x" }) name!: string; }
`,
      );
      writeFileSync(
        path.join(project.dir, "retort.config.ts"),
        `export default { url: ${JSON.stringify(url)}, entities: "src/entity/*.ts" };\n`,
      );
      const generated = project.run(["revision", "--autogenerate", "-m", "things"]);
      expect(generated.status, generated.stderr).toBe(0);
      const current = project.run(["current", "--verbose"]);
      expect(current.stdout).toContain("postgres:***@");
      for (const output of [generated.stdout, generated.stderr, current.stdout, current.stderr]) {
        expect(output).not.toContain("s3cr3t");
      }
      const [file] = readdirSync(path.join(project.dir, "migrations"));
      const source = readFileSync(path.join(project.dir, "migrations", file!), "utf8");
      expect(source).toContain('await op.createTable(\n    "thing"');
      for (const secret of ["s3cr3t", ENCODED, "postgresql://", new URL(url).host])
        expect(source).not.toContain(secret);
    } finally {
      project.remove();
    }
  });
});
