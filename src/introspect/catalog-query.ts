/**
 * The readers' queries as data, so that they go to the server together: one simple-protocol request
 * holding every statement, which the server runs back to back while this process turns the rows it
 * has already received into the IR (and, in `check`, loads the model meanwhile). One after another,
 * each query waited for the process to send the next, and the server idled while it was busy.
 */
import type pg from "pg";
import { quoteLiteral } from "../sql/quote.js";

/** One catalog query: its text, with no parameters, and what its rows become. */
export interface CatalogQuery<T> {
  readonly sql: string;
  read(rows: readonly never[]): T;
}

/**
 * `ARRAY['public', 'app']::name[]`: the schemas spelled in the statement, since a request of several
 * statements cannot carry parameters.
 */
export function schemaArray(schemas: readonly string[]): string {
  return `ARRAY[${schemas.map(quoteLiteral).join(", ")}]::name[]`;
}

type Results<Q extends readonly CatalogQuery<unknown>[]> = {
  -readonly [K in keyof Q]: Q[K] extends CatalogQuery<infer T> ? T : never;
};

/** Runs the queries as one request and reads each one's rows. */
export async function runCatalogQueries<const Q extends readonly CatalogQuery<unknown>[]>(
  client: pg.ClientBase,
  queries: Q,
): Promise<Results<Q>> {
  const answer = (await client.query(queries.map((query) => query.sql).join(";\n"))) as
    | pg.QueryResult
    | pg.QueryResult[];
  const results = Array.isArray(answer) ? answer : [answer];
  if (results.length !== queries.length)
    throw new Error(`expected ${queries.length} catalog results, got ${results.length}`);
  return queries.map((query, i) => query.read(results[i]!.rows as never[])) as Results<Q>;
}
