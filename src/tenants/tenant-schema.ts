/**
 * A schema tenant's schema read as the model's default schema, so the models can be compared with it
 * and a migration generated from it names no tenant (`check --tenants`, autogenerate's reference
 * tenant).
 *
 * The catalog is read with the tenant's schema first on the search_path, as the model is canonicalised
 * with its default schema first (../canonicalise/canonicalise.ts): PostgreSQL then prints the tenant's own
 * types, sequences and tables unqualified in column types, defaults and view text, exactly where it
 * prints the model's unqualified. What is left to rename is structural: each object's `schema`, and
 * foreign keys' referenced schema.
 */
import type pg from "pg";
import { introspect } from "../introspect/index.js";
import { byName, byQualifiedName, type Schema } from "../schema/ir.js";
import { quoteIdent } from "../sql/quote.js";

export async function readTenantSchema(
  client: pg.ClientBase,
  tenantSchema: string,
  defaultSchema: string,
  excludeTables: readonly string[],
): Promise<Schema> {
  // SET LOCAL in a transaction of its own: the connection's search_path is left as it was.
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL search_path TO ${quoteIdent(tenantSchema)}, public`);
    const read = await introspect(client, { schemas: [tenantSchema], excludeTables });
    return renamedSchema(read, tenantSchema, defaultSchema);
  } finally {
    await client.query("ROLLBACK");
  }
}

/** `schema`'s objects moved to `to`, as if they had been read there. */
export function renamedSchema(ir: Schema, from: string, to: string): Schema {
  const moved = (schema: string) => (schema === from ? to : schema);
  return {
    namespaces: ir.namespaces.filter((n) => n !== from),
    extensions: ir.extensions.map((e) => (e.schema === from ? { ...e, schema: to } : e)),
    enums: ir.enums.map((e) => ({ ...e, schema: moved(e.schema) })).sort(byQualifiedName),
    sequences: ir.sequences.map((s) => ({ ...s, schema: moved(s.schema) })).sort(byQualifiedName),
    tables: ir.tables
      .map((t) => ({
        ...t,
        schema: moved(t.schema),
        foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, referencedSchema: moved(fk.referencedSchema) })),
      }))
      .sort(byQualifiedName),
    views: ir.views.map((v) => ({ ...v, schema: moved(v.schema) })).sort(byQualifiedName),
  };
}

/**
 * What a schema tenant holds of a schema: the objects in `schema` alone. Namespaces and extensions
 * belong to the whole database, and so to the main run.
 */
export function onlySchema(ir: Schema, schema: string): Schema {
  const inside = (o: { readonly schema: string }) => o.schema === schema;
  return {
    namespaces: [],
    extensions: [],
    enums: ir.enums.filter(inside),
    sequences: ir.sequences.filter(inside),
    tables: ir.tables.filter(inside),
    views: ir.views.filter(inside),
  };
}

/** Two reads of different schemas as one: a tenant's schema and the main database's shared ones. */
export function mergedSchemas(a: Schema, b: Schema): Schema {
  const extensions = new Map([...a.extensions, ...b.extensions].map((e) => [e.name, e]));
  return {
    namespaces: [...new Set([...a.namespaces, ...b.namespaces])].sort(),
    extensions: [...extensions.values()].sort(byName),
    enums: [...a.enums, ...b.enums].sort(byQualifiedName),
    sequences: [...a.sequences, ...b.sequences].sort(byQualifiedName),
    tables: [...a.tables, ...b.tables].sort(byQualifiedName),
    views: [...a.views, ...b.views].sort(byQualifiedName),
  };
}
