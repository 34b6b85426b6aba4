/**
 * The readers' queries as data, so that they go to the server together: one simple-protocol request
 * holding every statement, which the server runs back to back while this process turns the rows it
 * has already received into the IR (and, in `check`, loads the model meanwhile). One after another,
 * each query waited for the process to send the next, and the server idled while it was busy.
 *
 * Each query's rows come as one JSON document (`json_agg`), decoded by JSON.parse: node-postgres
 * decoding thousands of rows field by field was 50 of the 85 ms of this process's CPU a first catalog
 * read took at 500 entities (the server builds the document in about the time it sent the rows). So a
 * query's columns must survive JSON: bigint and numeric are read as text (a JSON number would round
 * them), and an order the reader needs is restored by the reader, not left to the aggregate.
 */
import type pg from "pg";
import { quoteIdent, quoteLiteral } from "../sql/quote.js";

/** One catalog query: its text, with no parameters (and JSON-safe columns), and what its rows become. */
export interface CatalogQuery<T> {
  readonly sql: string;
  /**
   * The columns of a row, for a query of many rows: its document then lists each row as an array of
   * their values instead of an object (see asJsonDocument); `read` still gets objects.
   */
  readonly columns?: readonly string[];
  read(rows: readonly never[]): T;
}

/**
 * The query's rows as one JSON array in one row (an empty array for none). A query that names its
 * columns has each row as an array of their values: at 500 tables the columns' document shrank from 1.5
 * MB to 0.66 MB, and the server built it in 28 ms instead of 36 (an object repeats every key in every
 * row, and the server escapes and writes each one).
 */
export function asJsonDocument(query: Pick<CatalogQuery<unknown>, "sql" | "columns">): string {
  const row = query.columns
    ? `json_build_array(${query.columns.map((column) => `q.${quoteIdent(column)}`).join(", ")})`
    : "q";
  return `SELECT coalesce(json_agg(${row}), '[]')::text AS rows FROM (${query.sql}) q`;
}

/**
 * The column names of a row type, listed once each: `columnsOf<Row>({ a: true, b: true })`. The
 * record's type makes a column of Row that is left out (or one that is not Row's) a compile error.
 */
export function columnsOf<Row>(columns: Record<keyof Row & string, true>): readonly string[] {
  return Object.keys(columns);
}

/** A query's rows from its document, as objects whatever the document's form. */
function rowsOf(query: Pick<CatalogQuery<unknown>, "columns">, document: string): never[] {
  const rows = JSON.parse(document) as unknown[];
  const columns = query.columns;
  if (!columns) return rows as never[];
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = (values as unknown[])[i];
    return row;
  }) as never[];
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

/**
 * The answers to catalog statements (asJsonDocument's) sent as one request, as the server sent them,
 * one JSON document each, not yet decoded: what `check` fingerprints (../commands/in-sync-memo.ts), and
 * decodes only when the fingerprint is new.
 */
export async function requestCatalogDocuments(
  client: pg.ClientBase,
  statements: readonly string[],
): Promise<string[]> {
  const answer = (await client.query(statements.join(";\n"))) as pg.QueryResult | pg.QueryResult[];
  const results = Array.isArray(answer) ? answer : [answer];
  if (results.length !== statements.length)
    throw new Error(`expected ${statements.length} catalog results, got ${results.length}`);
  return documentsOf(results);
}

/** The JSON document each result of catalog statements holds (its one row's one column). */
export function documentsOf(results: readonly pg.QueryResult[]): string[] {
  return results.map((result) => (result.rows[0] as { rows: string }).rows);
}

/** Each query's rows read from its document (requestCatalogDocuments' answer to the same queries). */
export function readCatalogDocuments<const Q extends readonly CatalogQuery<unknown>[]>(
  queries: Q,
  documents: readonly string[],
): Results<Q> {
  return queries.map((query, i) => query.read(rowsOf(query, documents[i]!))) as Results<Q>;
}
