/**
 * Lets PostgreSQL spell the model. The model's IR (types and defaults in TypeORM's spelling) is created
 * in throw-away schemas inside a transaction that is always rolled back, read back with the same
 * introspector as the live database, and mapped back to the model's schema names. The differ then
 * compares PostgreSQL's output with PostgreSQL's output: `TIMESTAMP WITH TIME ZONE` and
 * `timestamp with time zone`, `'0'` and `0`, `now()` and `CURRENT_TIMESTAMP` can no longer disagree.
 *
 * All statements go to the server as one batch: one round trip whatever the number of tables.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { RetortError } from "../errors.js";
import { introspect } from "../introspect/index.js";
import type { Operation } from "../ops/operations.js";
import { toSql } from "../ops/sql.js";
import type { Schema, Table } from "../schema/ir.js";
import { byQualifiedName } from "../schema/ir.js";
import { quoteIdent } from "../sql/quote.js";

export async function canonicalise(
  client: pg.ClientBase,
  model: Schema,
  defaultSchema = "public",
): Promise<Schema> {
  const schemas = [...new Set([defaultSchema, ...model.namespaces, ...model.tables.map((t) => t.schema)])];
  const suffix = randomBytes(4).toString("hex");
  const scratchOf = new Map(schemas.map((schema, i) => [schema, `retort_canon_${suffix}_${i}`]));
  const scratch = (schema: string) => scratchOf.get(schema)!;

  const ops: Operation[] = [
    ...model.extensions.map((extension): Operation => ({ kind: "createExtension", extension })),
    ...schemas.map((schema): Operation => ({ kind: "createSchema", schema: scratch(schema) })),
    ...model.tables.map(
      (table): Operation => ({ kind: "createTable", table: { ...table, schema: scratch(table.schema) } }),
    ),
  ];
  // The default schema's stand-in comes first on the search_path, as the real one does on the live
  // side, so both print unqualified names for the same objects.
  const searchPath = [scratch(defaultSchema), "public"].map(quoteIdent).join(", ");
  const batch = [`SET LOCAL search_path = ${searchPath}`, ...ops.flatMap(toSql)].join(";\n");

  await client.query("BEGIN");
  try {
    try {
      await client.query(batch);
    } catch (error) {
      throw new RetortError(
        `The entities do not describe a valid PostgreSQL schema: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const read = await introspect(client, { schemas: [...scratchOf.values()] });
    return mapBack(read, model, new Map([...scratchOf].map(([real, fake]) => [fake, real])));
  } finally {
    await client.query("ROLLBACK");
  }
}

function mapBack(read: Schema, model: Schema, realOf: Map<string, string>): Schema {
  const rename = (text: string) => {
    let out = text;
    for (const [fake, real] of realOf) out = out.replaceAll(`${fake}.`, `${real}.`);
    return out;
  };
  const tables: Table[] = read.tables.map((table) => ({
    ...table,
    schema: realOf.get(table.schema) ?? table.schema,
    columns: table.columns.map((column) => ({
      ...column,
      type: rename(column.type),
      ...(column.default !== undefined ? { default: rename(column.default) } : {}),
      ...(column.generated !== undefined ? { generated: rename(column.generated) } : {}),
    })),
  }));
  return {
    ...read,
    // Extensions and namespaces are the model's own: the scratch run only proved they can be created.
    namespaces: model.namespaces,
    extensions: model.extensions,
    sequences: [],
    tables: tables.sort(byQualifiedName),
  };
}
