/**
 * Lets PostgreSQL spell the model. The model's IR (types and defaults in TypeORM's spelling) is created
 * in throw-away schemas inside a transaction that is always rolled back, read back with the same
 * introspector as the live database, and mapped back to the model's schema names. The differ then
 * compares PostgreSQL's output with PostgreSQL's output: `TIMESTAMP WITH TIME ZONE` and
 * `timestamp with time zone`, `'0'` and `0`, `now()` and `CURRENT_TIMESTAMP` can no longer disagree.
 *
 * What is created is each distinct piece (column description, index shape, unique shape) once, not
 * every table (./canonical-pieces.ts); tables whose text refers to their own columns are still created
 * whole. All statements go to the server as one batch: one round trip whatever the number of tables.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { RetortError } from "../errors.js";
import { catalogStatements, documentsOf, serverVersion } from "../introspect/index.js";
import type { Operation } from "../ops/operations.js";
import { toSql } from "../ops/sql.js";
import type { Index, Schema, Table } from "../schema/ir.js";
import { byQualifiedName, qualifiedKey } from "../schema/ir.js";
import { printedIdent, quoteIdent, quoteQualified } from "../sql/quote.js";
import { planPieces } from "./canonical-pieces.js";
import type { WhileWaiting } from "./index.js";

/** PostgreSQL refused what the entities describe. */
class InvalidModelError extends RetortError {}

/** The model in PostgreSQL's spelling: its distinct pieces created once each, see the file comment. */
export async function canonicalise(
  client: pg.ClientBase,
  model: Schema,
  defaultSchema = "public",
  whileWaiting?: WhileWaiting,
): Promise<Schema> {
  const plan = planPieces(model, defaultSchema);
  if (!plan) return canonicaliseByCreation(client, model, defaultSchema, whileWaiting);
  let read: Schema;
  try {
    read = await canonicaliseByCreation(
      client,
      { ...model, tables: [...plan.wholeTables, ...plan.specTables] },
      defaultSchema,
      whileWaiting,
    );
  } catch (error) {
    if (!(error instanceof InvalidModelError)) throw error;
    // Create the model itself, so that PostgreSQL names what is wrong with it as it always did.
    return canonicaliseByCreation(client, model, defaultSchema);
  }
  const specNames = new Set(plan.specTables.map((t) => t.name));
  const specTables = read.tables.filter((t) => t.schema === defaultSchema && specNames.has(t.name));
  const wholeTables = read.tables.filter((t) => plan.wholeKeys.has(qualifiedKey(t.schema, t.name)));
  return { ...read, tables: [...wholeTables, ...plan.assemble(specTables)].sort(byQualifiedName) };
}

/**
 * The model created as it is, every table of it, and read back: the reference the piecewise
 * canonicalisation must equal (test/canonicalise/canonicalise.test.ts), and the way for models it
 * cannot take.
 */
export async function canonicaliseByCreation(
  client: pg.ClientBase,
  model: Schema,
  defaultSchema = "public",
  whileWaiting?: WhileWaiting,
): Promise<Schema> {
  const schemas = [
    ...new Set([
      defaultSchema,
      ...model.namespaces,
      ...model.tables.map((t) => t.schema),
      ...model.enums.map((e) => e.schema),
      ...model.views.map((v) => v.schema),
    ]),
  ];
  const suffix = randomBytes(4).toString("hex");
  const scratchOf = new Map(schemas.map((schema, i) => [schema, `retort_canon_${suffix}_${i}`]));
  const scratch = (schema: string) => scratchOf.get(schema) ?? schema;
  const toScratch = typeRewriter(
    model.enums.map((e) => [quoteQualified(e.schema, e.name), quoteQualified(scratch(e.schema), e.name)]),
  );

  const scratchTables = model.tables.map((table) => ({
    ...table,
    schema: scratch(table.schema),
    columns: table.columns.map((column) => ({ ...column, type: toScratch(column.type) })),
  }));
  // Tables first, then what references them: foreign keys, indexes, views (in the model's order).
  const ops: Operation[] = [
    ...model.extensions.map((extension): Operation => ({ kind: "createExtension", extension })),
    ...schemas.map((schema): Operation => ({ kind: "createSchema", schema: scratch(schema) })),
    ...model.enums.map(
      (e): Operation => ({ kind: "createEnum", enumType: { ...e, schema: scratch(e.schema) } }),
    ),
    ...scratchTables.map((table): Operation => ({ kind: "createTable", table })),
    ...scratchTables.flatMap((table) =>
      table.foreignKeys.map(
        (foreignKey): Operation => ({
          kind: "addForeignKey",
          schema: table.schema,
          table: table.name,
          foreignKey: { ...foreignKey, referencedSchema: scratch(foreignKey.referencedSchema) },
        }),
      ),
    ),
    ...scratchTables.flatMap((table) =>
      table.indexes.map(
        (index): Operation => ({ kind: "createIndex", schema: table.schema, table: table.name, index }),
      ),
    ),
    ...model.views.map(
      (view): Operation => ({
        kind: "createView",
        view: { ...view, schema: scratch(view.schema), indexes: [] },
      }),
    ),
    // A materialized view's indexes, once every view exists (as the differ orders them).
    ...model.views.flatMap((view) =>
      view.indexes.map(
        (index): Operation => ({
          kind: "createIndex",
          schema: scratch(view.schema),
          table: view.name,
          index,
        }),
      ),
    ),
  ];
  // The default schema's stand-in comes first on the search_path, as the real one does on the live
  // side, so both print unqualified names for the same objects.
  const searchPath = [scratch(defaultSchema), "public"].map(quoteIdent).join(", ");
  // mapBack keeps the model's namespaces and extensions, and a model has no sequences of its own.
  const read = catalogStatements([...scratchOf.values()], await serverVersion(client), {
    relationsOnly: true,
  });
  // One request: the transaction, what it creates, the catalog read of it, the rollback. The server
  // runs them back to back while this process does the caller's work (whileWaiting); sent one by one,
  // each waited for that work to end before it left, and the server idled meanwhile.
  const statements = [
    "BEGIN",
    `SET LOCAL search_path = ${searchPath}`,
    ...ops.flatMap(toSql),
    ...read.statements,
    "ROLLBACK",
  ];
  const answer = client.query(statements.join(";\n")) as Promise<pg.QueryResult | pg.QueryResult[]>;
  if (whileWaiting)
    setImmediate(() => {
      try {
        whileWaiting();
      } catch {
        // Met again by the caller, when it does this work itself.
      }
    });
  let results: pg.QueryResult[];
  try {
    const answered = await answer;
    results = Array.isArray(answered) ? answered : [answered];
  } catch (error) {
    // The statements after the failed one did not run, the rollback among them: the transaction is
    // still open (aborted).
    await client.query("ROLLBACK").catch(() => undefined);
    throw new InvalidModelError(
      `The entities do not describe a valid PostgreSQL schema: ${(error as Error).message}`,
      { cause: error },
    );
  }
  // The catalog read's answers: before the rollback's, after those of what was created.
  const documents = documentsOf(results.slice(-1 - read.statements.length, -1));
  return mapBack(
    read.schemaOf(documents),
    model,
    new Map([...scratchOf].map(([real, fake]) => [fake, real])),
  );
}

/** Rewrites type names that start a column type (`"s"."t"` or `"s"."t"[]`) through `pairs`. */
function typeRewriter(pairs: [string, string][]): (type: string) => string {
  const map = new Map(pairs);
  return (type) => {
    const base = type.endsWith("[]") ? type.slice(0, -2) : type;
    const replaced = map.get(base);
    return replaced === undefined ? type : `${replaced}${type.slice(base.length)}`;
  };
}

/** The scratch read, with every scratch schema name (as an object's schema or inside text) put back. */
function mapBack(read: Schema, model: Schema, realOf: Map<string, string>): Schema {
  const rename = (text: string) => {
    let out = text;
    for (const [fake, real] of realOf) out = out.replaceAll(`${fake}.`, `${printedIdent(real)}.`);
    return out;
  };
  const schemaOf = (schema: string) => realOf.get(schema) ?? schema;
  const indexBack = (index: Index): Index => ({
    ...index,
    elements: index.elements.map((e) => (e.expression ? { ...e, value: rename(e.value) } : e)),
    ...(index.where !== undefined ? { where: rename(index.where) } : {}),
  });
  const tables: Table[] = read.tables.map((table) => ({
    ...table,
    schema: schemaOf(table.schema),
    columns: table.columns.map((column) => ({
      ...column,
      type: rename(column.type),
      ...(column.default !== undefined ? { default: rename(column.default) } : {}),
      ...(column.generated !== undefined ? { generated: rename(column.generated) } : {}),
    })),
    foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, referencedSchema: schemaOf(fk.referencedSchema) })),
    checks: table.checks.map((check) => ({ ...check, expression: rename(check.expression) })),
    exclusions: table.exclusions.map((x) => ({ ...x, definition: rename(x.definition) })),
    indexes: table.indexes.map(indexBack),
  }));
  const views = read.views
    .map((view) => ({
      ...view,
      schema: schemaOf(view.schema),
      definition: rename(view.definition),
      indexes: view.indexes.map(indexBack),
    }))
    .sort(byQualifiedName);
  return {
    ...read,
    // Extensions and namespaces are the model's own: the scratch run only proved they can be created.
    namespaces: model.namespaces,
    extensions: model.extensions,
    enums: read.enums.map((e) => ({ ...e, schema: schemaOf(e.schema) })).sort(byQualifiedName),
    sequences: [],
    tables: tables.sort(byQualifiedName),
    views,
  };
}
