/**
 * The bad inputs test/reliability/bad-input.test.ts tries, one per row: files to write into a fresh
 * project, the command, and the one FAILED line expected. Kept apart from the test so that the README's
 * reliability table can be checked against the same list (test/reliability/readme-table.test.ts).
 */
import { migrationSource } from "../support/migrations-dir.js";

const first = (extra: Partial<Parameters<typeof migrationSource>[0]> = {}) =>
  migrationSource({ id: "b0ad00000001", down: null, message: "first", upgrade: "", downgrade: "", ...extra });
const second = (extra: Partial<Parameters<typeof migrationSource>[0]> = {}) =>
  migrationSource({
    id: "b0ad00000002",
    down: "b0ad00000001",
    message: "second",
    upgrade: `await op.createTable("should_not_exist", [{ name: "id", type: "integer" }]);`,
    downgrade: "",
    ...extra,
  });
const ENTITY = `import { Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity() export class Thing { @PrimaryGeneratedColumn() id!: number; }
`;

export interface BadInputCase {
  readonly name: string;
  /** Files to write into a fresh project (relative paths). */
  readonly files: Record<string, string>;
  readonly args: (context: { url: string; fakePort: number }) => string[];
  /** The one FAILED line. */
  readonly message: RegExp;
  /** Only a real server has other databases to be missing (the embedded one answers to any name). */
  readonly needsServer?: boolean;
}

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  {
    name: "a migration file with a syntax error",
    files: {
      "migrations/b0ad00000001_first.ts": first(),
      "migrations/b0ad00000002_second.ts": second({ upgrade: `await op.execute("SELECT 1"` }),
    },
    args: () => ["upgrade", "head"],
    message: /^FAILED: Syntax error in \S+\/migrations\/b0ad00000002_second\.ts:\d+:\d+: .+$/,
  },
  {
    name: "a migration file without upgrade()",
    files: {
      "migrations/b0ad00000001_first.ts": `export const revision = "b0ad00000001";\nexport const downRevision = null;\nexport async function downgrade() {}\n`,
    },
    args: () => ["upgrade", "head"],
    message:
      /^FAILED: Migration file \S+\/migrations\/b0ad00000001_first\.ts does not export an `upgrade` function$/,
  },
  {
    name: "two files with one revision id",
    files: {
      "migrations/b0ad00000001_first.ts": first(),
      "migrations/b0ad00000001_copy.ts": first(),
    },
    args: () => ["upgrade", "head"],
    message:
      /^FAILED: Revision b0ad00000001 is present more than once: \S+\/b0ad00000001_copy\.ts, \S+\/b0ad00000001_first\.ts$/,
  },
  {
    name: "a migration pointing at a missing parent",
    files: { "migrations/b0ad00000002_second.ts": second() },
    args: () => ["upgrade", "head"],
    message:
      /^FAILED: Revision b0ad00000001 referenced from b0ad00000002 \(\S+\/b0ad00000002_second\.ts\) is not present$/,
  },
  {
    name: "migrations forming a cycle",
    files: {
      "migrations/b0ad00000001_first.ts": first({ down: "b0ad00000002" }),
      "migrations/b0ad00000002_second.ts": second(),
    },
    args: () => ["upgrade", "head"],
    message: /^FAILED: Cycle is detected in revisions \(b0ad00000001, b0ad00000002\)$/,
  },
  {
    name: "a config file that does not parse",
    files: { "retort.config.ts": "export default { url: \n" },
    args: () => ["upgrade", "head"],
    message: /^FAILED: Syntax error in \S+\/retort\.config\.ts:\d+:\d+: .+$/,
  },
  {
    name: "a JSON config that does not parse",
    files: { "retort.config.json": '{ "migrations": ' },
    args: () => ["upgrade", "head"],
    message: /^FAILED: Could not read \S+\/retort\.config\.json: .+$/,
  },
  {
    name: "a config setting of the wrong type",
    files: { "retort.config.ts": "export default { migrations: 42 };\n" },
    args: () => ["upgrade", "head"],
    message: /^FAILED: Invalid config in \S+\/retort\.config\.ts: 'migrations' must be a string$/,
  },
  {
    name: "an entity glob that matches nothing",
    files: { "retort.config.ts": 'export default { entities: "src/entitiez/*.ts" };\n' },
    args: () => ["revision", "--autogenerate", "-m", "nothing"],
    message: /^FAILED: No entity files match '\S+\/src\/entitiez\/\*\.ts' in \S+$/,
  },
  {
    name: "an entity file with a syntax error",
    files: {
      "retort.config.ts": 'export default { entities: "src/entity/*.ts" };\n',
      "src/entity/Thing.ts": ENTITY.replace("id!: number;", "id!: number"),
    },
    args: () => ["revision", "--autogenerate", "-m", "broken entity"],
    message: /^FAILED: .*\bsrc\/entity\/Thing\.ts.*$/,
  },
  {
    name: "a URL that does not parse",
    files: {},
    args: () => ["--url", "localhost:5432/app", "upgrade", "head"],
    message:
      /^FAILED: Invalid database URL 'localhost:5432\/app': expected postgresql:\/\/user:password@host:port\/database$/,
  },
  {
    name: "a wrong password",
    files: {},
    args: ({ fakePort }) => [
      "--url",
      `postgresql://postgres:wr0ng-pa55@127.0.0.1:${fakePort}/app`,
      "upgrade",
      "head",
    ],
    message:
      /^FAILED: Could not connect to postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/app: password authentication failed for user "postgres" \(got "\*\*\*"\)$/,
  },
  {
    name: "an unknown host",
    files: {},
    args: () => ["--url", "postgresql://postgres@no-such-host.invalid/app", "upgrade", "head"],
    // ENOTFOUND where a name server answers, EAI_AGAIN where none does (no network): the same sentence.
    message:
      /^FAILED: Could not connect to postgresql:\/\/postgres@no-such-host\.invalid\/app: could not resolve host no-such-host\.invalid \((ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_NODATA|EAI_FAIL)\)$/,
  },
  {
    name: "a port nobody listens on",
    files: {},
    args: () => ["--url", "postgresql://postgres@127.0.0.1:1/app", "upgrade", "head"],
    message: /^FAILED: Could not connect to postgresql:\/\/postgres@127\.0\.0\.1:1\/app: .*ECONNREFUSED.*$/,
  },
  {
    name: "a database that does not exist",
    needsServer: true,
    files: {},
    args: ({ url }) => [
      "--url",
      url.replace(/\/[^/?]+(\?|$)/, "/retort_no_such_database$1"),
      "upgrade",
      "head",
    ],
    message:
      /^FAILED: Could not connect to \S+\/retort_no_such_database: database "retort_no_such_database" does not exist$/,
  },
];
