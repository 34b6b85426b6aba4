/**
 * The config's include/exclude filters, applied to the IR (both the models' and the database's) before
 * the differ sees it, so the differ stays a pure function of two schemas. An object filtered out is
 * neither created, altered nor dropped: the way to keep another tool's tables, or a schema retort must
 * not touch, out of the migrations.
 *
 * Table globs: `*` any run of characters, `?` one; a glob with a dot (`audit.*`) matches
 * `schema.table`, one without (`tmp_*`) the table name in any schema.
 */
import type { Schema } from "../schema/ir.js";
import type { FilteredObjectKind, IncludeObject, RetortConfig } from "./define-config.js";

export interface ObjectFilters {
  readonly includeTables?: readonly string[];
  readonly excludeTables?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  readonly includeObject?: IncludeObject;
}

export function objectFiltersOf(config: RetortConfig): ObjectFilters {
  return {
    ...(config.includeTables ? { includeTables: config.includeTables } : {}),
    ...(config.excludeTables ? { excludeTables: config.excludeTables } : {}),
    ...(config.excludeSchemas ? { excludeSchemas: config.excludeSchemas } : {}),
    ...(config.includeObject ? { includeObject: config.includeObject } : {}),
  };
}

/** True when the filters say nothing, so callers can skip the work. */
export function filtersAreEmpty(filters: ObjectFilters): boolean {
  return Object.keys(filters).length === 0;
}

/** Whether a schema is excluded as a whole (and need not even be read). */
export function schemaExcluded(filters: ObjectFilters, schema: string): boolean {
  return (filters.excludeSchemas ?? []).some((glob) => globMatches(glob, schema));
}

/** The schema without the objects the filters leave out. */
export function filterSchema(schema: Schema, filters: ObjectFilters): Schema {
  if (filtersAreEmpty(filters)) return schema;
  const keeps =
    (kind: FilteredObjectKind) =>
    (object: { readonly schema: string; readonly name: string }): boolean =>
      included(filters, kind, object.schema, object.name);
  return {
    ...schema,
    namespaces: schema.namespaces.filter((name) => !schemaExcluded(filters, name)),
    enums: schema.enums.filter(keeps("enum")),
    sequences: schema.sequences.filter(keeps("sequence")),
    tables: schema.tables.filter(keeps("table")),
    views: schema.views.filter(keeps("view")),
  };
}

function included(filters: ObjectFilters, kind: FilteredObjectKind, schema: string, name: string): boolean {
  if (schemaExcluded(filters, schema)) return false;
  if (kind === "table") {
    const matches = (glob: string) => globMatches(glob, glob.includes(".") ? `${schema}.${name}` : name);
    if (filters.includeTables && !filters.includeTables.some(matches)) return false;
    if (filters.excludeTables?.some(matches)) return false;
  }
  return filters.includeObject ? filters.includeObject(name, kind, schema) : true;
}

const compiled = new Map<string, RegExp>();

export function globMatches(glob: string, text: string): boolean {
  let pattern = compiled.get(glob);
  if (!pattern) {
    const source = [...glob]
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    pattern = new RegExp(`^${source}$`);
    compiled.set(glob, pattern);
  }
  return pattern.test(text);
}
