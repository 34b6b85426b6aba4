/**
 * The live-database reader: pg_catalog → Schema IR, in a fixed number of bulk queries whatever the
 * number of tables (one per reader below, run one after another on the single client).
 */
import type pg from "pg";
import {
  byName,
  byQualifiedName,
  type CheckConstraint,
  type ExclusionConstraint,
  type ForeignKey,
  type Index,
  type PrimaryKey,
  type Schema,
  type Table,
  type UniqueConstraint,
  type View,
} from "../schema/ir.js";
import { excludedTables } from "./exclude-tables.js";
import { readConstraints } from "./read-constraints.js";
import { readEnums } from "./read-enums.js";
import { readExtensions } from "./read-extensions.js";
import { readIndexes } from "./read-indexes.js";
import { readSequences } from "./read-sequences.js";
import { readServer } from "./read-server.js";
import { readTables } from "./read-tables.js";
import { readViews } from "./read-views.js";

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
  const schemas = options.schemas;
  const server = await readServer(client, schemas);
  const extensions = await readExtensions(client);
  const enums = await readEnums(client, schemas);
  const sequences = await readSequences(client, schemas);
  const shells = await readTables(client, schemas);
  const constraints = await readConstraints(client, schemas, server.version);
  const indexes = await readIndexes(client, schemas, server.version);
  const views = await readViews(client, schemas);

  const isExcluded = excludedTables(options.excludeTables);
  const parts = new Map<string, TableParts>();
  for (const shell of shells) {
    if (isExcluded(shell.schema, shell.name)) continue;
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
    namespaces: server.namespaces,
    extensions,
    enums,
    sequences,
    tables: tables.sort(byQualifiedName),
    views: views
      .map(({ oid, view }): View => ({ ...view, indexes: viewIndexes.get(oid)!.sort(byName) }))
      .sort(byQualifiedName),
  };
}
