/**
 * The SQL a migration function hands `op.execute` that a schema diff would not rebuild: what a squash
 * (computed as the difference between two schemas) leaves out and must warn about.
 *
 * The function runs against an `op` that builds every statement and sends none anywhere, as
 * `upgrade --sql` runs it, so the SQL is what it would run, conditions and loops included.
 */
import { createOpApi, type MigrationContext } from "./op-api.js";

/**
 * DDL of the kinds the IR holds, which the diff between the two schemas already carries: a TypeORM
 * migration imported as `op.execute` calls is all such statements, and none of it needs a warning.
 * ALTER TABLE forms the IR does not read (row-level security, triggers, owners) stay listed.
 */
const REBUILT_BY_DIFF = new RegExp(
  [
    String.raw`^(?:CREATE|DROP)\s+(?:UNIQUE\s+)?INDEX\b`,
    String.raw`^(?:CREATE(?:\s+OR\s+REPLACE)?|ALTER|DROP)\s+(?:TABLE|TYPE|(?:MATERIALIZED\s+)?VIEW|SCHEMA|EXTENSION|SEQUENCE)\b(?![^;]*\b(?:ROW\s+LEVEL|TRIGGER|OWNER\s+TO)\b)`,
    String.raw`^ALTER\s+INDEX\b[^;]*\bRENAME\b`,
    String.raw`^COMMENT\s+ON\s+(?:TABLE|COLUMN)\b`,
  ].join("|"),
  "i",
);

export async function handWrittenSql(
  migrate: (context: MigrationContext) => unknown,
  defaultSchema: string,
): Promise<string[]> {
  const statements: string[] = [];
  const op = createOpApi(async () => {}, defaultSchema);
  await migrate({
    op: {
      ...op,
      execute: async (sql: string) => {
        if (!REBUILT_BY_DIFF.test(withoutLeadingComments(sql))) statements.push(sql);
      },
    },
  });
  return statements;
}

/** `-- backfill\nUPDATE ...` starts with UPDATE. */
function withoutLeadingComments(sql: string): string {
  return sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, "");
}
