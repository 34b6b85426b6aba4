/**
 * PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1) and silently drops the rest, so a
 * 70-byte table name in an entity becomes a 63-byte table in the catalog. The model is given the names
 * PostgreSQL will store, so that the two sides compare equal instead of showing the table as dropped
 * and re-created on every run; an enum's stored name is also written into the types of the columns
 * that use it, so that they name the type that is created. Two names that only differ after byte 63 would become one object (or
 * fail with "specified more than once" deep inside a migration): that is refused here, naming both.
 *
 * Enum labels are not truncated by PostgreSQL but refused above 63 bytes, so they are refused here too,
 * before any migration is written.
 */
import { RetortError } from "../errors.js";
import type { Column, Schema, Table } from "../schema/ir.js";
import { MAX_IDENTIFIER_BYTES, storedName } from "../sql/identifier-length.js";
import { quoteQualified } from "../sql/quote.js";

export class IdentifierCollisionError extends RetortError {
  constructor(where: string, first: string, second: string, stored: string) {
    super(
      `Two names ${where} are the same to PostgreSQL, which keeps only the first ${MAX_IDENTIFIER_BYTES} ` +
        `bytes of a name: "${first}" and "${second}" both become "${stored}". Give one of them a shorter name.`,
    );
  }
}

/** Checks one scope (a schema's relations, a table's columns...) for names that truncate alike. */
class Scope {
  readonly #originals = new Map<string, string>();
  constructor(readonly where: string) {}

  add(name: string): string {
    const stored = storedName(name);
    const earlier = this.#originals.get(stored);
    if (earlier !== undefined && earlier !== name)
      throw new IdentifierCollisionError(this.where, earlier, name, stored);
    this.#originals.set(stored, name);
    return stored;
  }
}

/** The schema with every name as PostgreSQL will store it; throws on a collision or an overlong label. */
export function fitIdentifiers(schema: Schema): Schema {
  // Tables, views, sequences, indexes and the indexes behind keys share one namespace per schema.
  const relationScopes = new Map<string, Scope>();
  const relations = (schemaName: string) => scopeIn(relationScopes, schemaName, `in schema ${schemaName}`);
  const typeScopes = new Map<string, Scope>();
  const schemas = new Scope("among the schemas");
  const name = storedName;
  const names = (list: readonly string[]) => list.map(storedName);

  for (const e of schema.enums) {
    const tooLong = e.values.find((label) => Buffer.byteLength(label, "utf8") > MAX_IDENTIFIER_BYTES);
    if (tooLong !== undefined) {
      throw new RetortError(
        `The enum ${e.name} has the value "${tooLong}", longer than the ${MAX_IDENTIFIER_BYTES} bytes ` +
          "PostgreSQL allows for an enum label. Shorten the value.",
      );
    }
  }
  // Without a name to cut, every name is already the stored one and none can collide: the schema is
  // returned as it is (copying it was 6-8 ms of a 500-entity load, and as much again in collections).
  if (everyNameFits(schema)) return schema;
  const enums = schema.enums.map((e) => ({
    ...e,
    schema: schemas.add(e.schema),
    name: scopeIn(typeScopes, e.schema, `among the enum types of schema ${e.schema}`).add(e.name),
  }));
  // A column names its enum type in its type text: that must be the stored name too, or the type the
  // column asks for is one that was never created under that name.
  const enumType = typeRenamer(
    schema.enums.map((e, i) => [
      quoteQualified(e.schema, e.name),
      quoteQualified(enums[i]!.schema, enums[i]!.name),
    ]),
  );

  const tables = schema.tables.map((table): Table => {
    const scope = relations(table.schema);
    const columns = new Scope(`among the columns of table ${table.name}`);
    const constraints = new Scope(`among the constraints of table ${table.name}`);
    return {
      ...table,
      schema: schemas.add(table.schema),
      name: scope.add(table.name),
      columns: table.columns.map(
        (column): Column => ({ ...column, name: columns.add(column.name), type: enumType(column.type) }),
      ),
      ...(table.primaryKey
        ? {
            primaryKey: {
              ...table.primaryKey,
              name: scope.add(constraints.add(table.primaryKey.name)),
              columns: names(table.primaryKey.columns),
            },
          }
        : {}),
      uniques: table.uniques.map((u) => ({
        ...u,
        name: scope.add(constraints.add(u.name)),
        columns: names(u.columns),
      })),
      foreignKeys: table.foreignKeys.map((fk) => ({
        ...fk,
        name: constraints.add(fk.name),
        columns: names(fk.columns),
        referencedSchema: name(fk.referencedSchema),
        referencedTable: name(fk.referencedTable),
        referencedColumns: names(fk.referencedColumns),
      })),
      checks: table.checks.map((check) => ({ ...check, name: constraints.add(check.name) })),
      exclusions: table.exclusions.map((x) => ({ ...x, name: scope.add(constraints.add(x.name)) })),
      indexes: table.indexes.map((index) => ({
        ...index,
        name: scope.add(index.name),
        elements: index.elements.map((e) => (e.expression ? e : { ...e, value: name(e.value) })),
        include: names(index.include),
      })),
    };
  });
  const sequences = schema.sequences.map((s) => ({
    ...s,
    schema: schemas.add(s.schema),
    name: relations(s.schema).add(s.name),
  }));
  const views = schema.views.map((v) => ({
    ...v,
    schema: schemas.add(v.schema),
    name: relations(v.schema).add(v.name),
  }));
  return {
    ...schema,
    namespaces: schema.namespaces.map((n) => schemas.add(n)),
    enums,
    sequences,
    tables,
    views,
  };
}

/** Whether PostgreSQL stores every name fitIdentifiers fits (below) as it is written. */
function everyNameFits(schema: Schema): boolean {
  const all = (names: readonly string[]) => names.every(fits);
  return (
    all(schema.namespaces) &&
    schema.enums.every((e) => fits(e.schema) && fits(e.name)) &&
    schema.sequences.every((s) => fits(s.schema) && fits(s.name)) &&
    schema.views.every((v) => fits(v.schema) && fits(v.name)) &&
    schema.tables.every(
      (table) =>
        fits(table.schema) &&
        fits(table.name) &&
        table.columns.every((column) => fits(column.name)) &&
        (!table.primaryKey || (fits(table.primaryKey.name) && all(table.primaryKey.columns))) &&
        table.uniques.every((u) => fits(u.name) && all(u.columns)) &&
        table.foreignKeys.every(
          (fk) =>
            fits(fk.name) &&
            all(fk.columns) &&
            fits(fk.referencedSchema) &&
            fits(fk.referencedTable) &&
            all(fk.referencedColumns),
        ) &&
        table.checks.every((check) => fits(check.name)) &&
        table.exclusions.every((x) => fits(x.name)) &&
        table.indexes.every(
          (index) =>
            fits(index.name) &&
            index.elements.every((e) => e.expression || fits(e.value)) &&
            all(index.include),
        ),
    )
  );
}

const fits = (name: string) => storedName(name) === name;

function scopeIn(scopes: Map<string, Scope>, key: string, where: string): Scope {
  const existing = scopes.get(key);
  if (existing) return existing;
  const scope = new Scope(where);
  scopes.set(key, scope);
  return scope;
}

/** Rewrites a column type that is one of `pairs`' type names, or an array of it (`"s"."t"[]`). */
function typeRenamer(pairs: readonly [string, string][]): (type: string) => string {
  const renamed = new Map(pairs.filter(([from, to]) => from !== to));
  return (type) => {
    const base = type.endsWith("[]") ? type.slice(0, -2) : type;
    const name = renamed.get(base);
    return name === undefined ? type : `${name}${type.slice(base.length)}`;
  };
}
