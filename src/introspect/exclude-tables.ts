/**
 * A predicate for `excludeTables`: an entry "schema.name" excludes that one table, a bare "name"
 * excludes a table of that name in any schema. Comparing both spellings (rather than splitting on the
 * dot) keeps a table whose own name contains a dot excludable.
 */
export function excludedTables(entries: readonly string[] = []): (schema: string, name: string) => boolean {
  const excluded = new Set(entries);
  return (schema, name) => excluded.has(name) || excluded.has(`${schema}.${name}`);
}
