/**
 * The facts hazards depend on, for just the tables the operations touch, in one statement: whether each
 * holds a row (an EXISTS stops at the first) and whether the planner's estimate calls it large.
 */
import type pg from "pg";
import type { TableFacts } from "../diff/hazards.js";
import { qualifiedKey } from "../schema/ir.js";
import { quoteLiteral, quoteQualified } from "../sql/quote.js";

/** Above this many estimated rows a full scan under an exclusive lock is called a long lock. */
export const LARGE_TABLE_ROWS = 100_000;

export async function readTableFacts(
  client: pg.ClientBase,
  tables: readonly { schema: string; table: string }[],
  existing: ReadonlySet<string>,
): Promise<TableFacts> {
  const present = tables.filter((t) => existing.has(qualifiedKey(t.schema, t.table)));
  if (present.length === 0) return { withRows: new Set(), large: new Set() };
  const sql = present
    .map((t) => {
      const name = quoteQualified(t.schema, t.table);
      return (
        `SELECT ${quoteLiteral(qualifiedKey(t.schema, t.table))} AS key, ` +
        `EXISTS (SELECT 1 FROM ${name}) AS has_rows, ` +
        `(SELECT reltuples FROM pg_catalog.pg_class WHERE oid = ${quoteLiteral(name)}::regclass) AS estimate`
      );
    })
    .join(" UNION ALL ");
  const { rows } = await client.query<{ key: string; has_rows: boolean; estimate: number }>(sql);
  return {
    withRows: new Set(rows.filter((r) => r.has_rows).map((r) => r.key)),
    large: new Set(rows.filter((r) => Number(r.estimate) > LARGE_TABLE_ROWS).map((r) => r.key)),
  };
}
