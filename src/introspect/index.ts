/**
 * The live-database reader: pg_catalog → Schema IR, in a fixed number of bulk queries whatever the
 * number of tables (one per reader below): the server's version, then the rest as one request.
 */

import { createHash } from "node:crypto";
import type pg from "pg";
import {
  byName,
  byQualifiedName,
  type CheckConstraint,
  type ExclusionConstraint,
  type Extension,
  type ForeignKey,
  type Index,
  type PrimaryKey,
  type Schema,
  type Sequence,
  type Table,
  type UniqueConstraint,
  type View,
} from "../schema/ir.js";
import {
  asJsonDocument,
  type CatalogQuery,
  readCatalogDocuments,
  requestCatalogDocuments,
  schemaArray,
} from "./catalog-query.js";
import { excludedTables } from "./exclude-tables.js";
import { constraintsQuery } from "./read-constraints.js";
import { enumsQuery } from "./read-enums.js";
import { extensionsQuery } from "./read-extensions.js";
import { indexesQuery } from "./read-indexes.js";
import { sequencesQuery } from "./read-sequences.js";
import { namespacesQuery, serverVersion as serverVersionOf } from "./read-server.js";
import { tablesQuery } from "./read-tables.js";
import { viewsQuery } from "./read-views.js";

export { documentsOf } from "./catalog-query.js";
export { serverVersion } from "./read-server.js";

export interface IntrospectOptions {
  /** Schemas to read, e.g. ["public"]. */
  readonly schemas: readonly string[];
  /** Tables never reported (retort's own version table, excluded tables), as bare names or "schema.name". */
  readonly excludeTables?: readonly string[];
}

interface TableParts {
  primaryKey?: PrimaryKey;
  uniques: UniqueConstraint[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  exclusions: ExclusionConstraint[];
  indexes: Index[];
}

export async function introspect(client: pg.ClientBase, options: IntrospectOptions): Promise<Schema> {
  return withoutTables(await readCatalog(client, options.schemas), options.excludeTables);
}

/**
 * `schema` without the tables `excludeTables` names: what introspect() with them would have read, since
 * an excluded table's constraints and indexes are the table's own. Lets a read started before the
 * excluded tables are known (`check` starts it while the model loads) serve once they are.
 */
export function withoutTables(schema: Schema, excludeTables: readonly string[] | undefined): Schema {
  if (!excludeTables?.length) return schema;
  const isExcluded = excludedTables(excludeTables);
  return { ...schema, tables: schema.tables.filter((table) => !isExcluded(table.schema, table.name)) };
}

/**
 * Every table of `schemas`: the server's version first (it decides which catalog columns the queries
 * may name; asked once per connection), then everything else in one request (./catalog-query.ts).
 */
export async function readCatalog(client: pg.ClientBase, schemas: readonly string[]): Promise<Schema> {
  return (await fetchCatalog(client, schemas)).schema();
}

/** The catalog as the server answered, before it is decoded into the IR. */
export interface CatalogAnswer {
  readonly serverVersion: number;
  /**
   * A digest of the server's answer: equal digests mean equal answers, so equal IR (the IR is a function
   * of the answer and nothing else), without decoding either.
   */
  readonly digest: string;
  /** The IR, decoded on first use. */
  schema(): Schema;
}

/** readCatalog() in two steps: the server's answer, then, when asked, the IR it decodes to. */
export async function fetchCatalog(
  client: pg.ClientBase,
  schemas: readonly string[],
): Promise<CatalogAnswer> {
  const serverVersion = await serverVersionOf(client);
  const read = catalogStatements(schemas, serverVersion);
  const documents = await requestCatalogDocuments(client, read.statements);
  let digest: string | undefined;
  let schema: Schema | undefined;
  return {
    serverVersion,
    // Computed when asked: hashing the answer (megabytes at 500 tables) took `revision` ~10 ms for a
    // digest only `check`'s memo reads.
    get digest() {
      if (digest === undefined) {
        const hash = createHash("sha256").update(JSON.stringify({ schemas, serverVersion }));
        for (const document of documents) hash.update(`\n${document.length}\n`).update(document);
        digest = hash.digest("hex");
      }
      return digest;
    },
    schema: () => {
      schema ??= read.schemaOf(documents);
      return schema;
    },
  };
}

/**
 * The catalog read of `schemas` as statements for the caller to send within a request of its own (each
 * answers one row of one JSON document, in this order), and the IR from those answers: what
 * readCatalog() reads, with no round trip of its own. Canonicalisation sends it in the same request as
 * the scratch schemas it reads, so the server reads them straight after creating them. With
 * `relationsOnly`, the IR's namespaces, extensions and sequences are left empty, unread: a scratch read
 * keeps the model's own (and the sequences query alone was a third of its time on the server).
 */
export function catalogStatements(
  schemas: readonly string[],
  serverVersion: number,
  { relationsOnly = false } = {},
): { readonly statements: string[]; schemaOf(documents: readonly string[]): Schema } {
  const queries = catalogQueries(schemas, serverVersion, relationsOnly);
  return {
    statements: queries.map(asJsonDocument),
    schemaOf: (documents) => schemaOf(readCatalogDocuments(queries, documents)),
  };
}

/** A query that asks nothing: no rows, read as an empty list. */
const unread = <T>(): CatalogQuery<T[]> => ({ sql: "SELECT 1 WHERE false", read: () => [] });

function catalogQueries(schemas: readonly string[], version: number, relationsOnly = false) {
  const inSchemas = schemaArray(schemas);
  return [
    relationsOnly ? unread<string>() : namespacesQuery(inSchemas),
    relationsOnly ? unread<Extension>() : extensionsQuery,
    enumsQuery(inSchemas),
    relationsOnly ? unread<Sequence>() : sequencesQuery(inSchemas),
    tablesQuery(inSchemas),
    constraintsQuery(inSchemas, version),
    indexesQuery(inSchemas, version),
    viewsQuery(inSchemas),
  ] as const;
}

/** The IR from the catalog queries' rows. */
function schemaOf([namespaces, extensions, enums, sequences, shells, constraints, indexes, views]: ReturnType<
  typeof readCatalogDocuments<ReturnType<typeof catalogQueries>>
>): Schema {
  const parts = new Map<string, TableParts>();
  for (const shell of shells) {
    parts.set(shell.oid, { uniques: [], foreignKeys: [], checks: [], exclusions: [], indexes: [] });
  }
  for (const { tableOid, constraint } of constraints) {
    const part = parts.get(tableOid);
    if (!part) continue;
    switch (constraint.kind) {
      case "primaryKey":
        part.primaryKey = constraint;
        break;
      case "unique":
        part.uniques.push(constraint);
        break;
      case "foreignKey":
        part.foreignKeys.push(constraint);
        break;
      case "check":
        part.checks.push(constraint);
        break;
      case "exclusion":
        part.exclusions.push(constraint);
        break;
    }
  }
  const viewIndexes = new Map(views.map(({ oid }) => [oid, [] as Index[]]));
  for (const { tableOid, index } of indexes)
    (parts.get(tableOid)?.indexes ?? viewIndexes.get(tableOid))?.push(index);

  const tables: Table[] = [];
  for (const shell of shells) {
    const part = parts.get(shell.oid);
    if (!part) continue;
    tables.push({
      kind: "table",
      schema: shell.schema,
      name: shell.name,
      columns: shell.columns,
      ...(part.primaryKey ? { primaryKey: part.primaryKey } : {}),
      uniques: part.uniques.sort(byName),
      foreignKeys: part.foreignKeys.sort(byName),
      checks: part.checks.sort(byName),
      exclusions: part.exclusions.sort(byName),
      indexes: part.indexes.sort(byName),
      ...(shell.comment !== undefined ? { comment: shell.comment } : {}),
    });
  }

  return {
    namespaces,
    extensions,
    enums,
    sequences,
    tables: tables.sort(byQualifiedName),
    views: views
      .map(({ oid, view }): View => ({ ...view, indexes: viewIndexes.get(oid)!.sort(byName) }))
      .sort(byQualifiedName),
  };
}
