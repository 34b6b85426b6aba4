/**
 * The live side of a comparison for a schema tenant (../commands/compare.ts's DatabaseReader): its
 * schema read as the model's default schema (./tenant-schema.ts), and the row facts of its tables for
 * the hazards, asked of the tenant's tables and answered under the default schema's names.
 */
import type pg from "pg";
import type { DatabaseReader } from "../commands/compare.js";
import { readTableFacts } from "../commands/table-facts.js";
import { qualifiedKey } from "../schema/ir.js";
import { onlySchema, readTenantSchema } from "./tenant-schema.js";

/** `ownTables`: the tenant's version and progress tables (`schema.table`), never compared. */
export function schemaTenantReader(
  client: pg.ClientBase,
  tenantSchema: string,
  defaultSchema: string,
  ownTables: readonly string[],
): DatabaseReader {
  const tenantKey = (key: string) => `${tenantSchema}${key.slice(defaultSchema.length)}`;
  const defaultKey = (key: string) => `${defaultSchema}${key.slice(tenantSchema.length)}`;
  return {
    read: async (_schemas, excludeTables) =>
      onlySchema(
        await readTenantSchema(client, tenantSchema, defaultSchema, [...excludeTables, ...ownTables]),
        defaultSchema,
      ),
    facts: async (tables, existing) => {
      const own = tables.filter((t) => t.schema === defaultSchema);
      const facts = await readTableFacts(
        client,
        own.map((t) => ({ schema: tenantSchema, table: t.table })),
        new Set(
          [...existing].filter((key) => key.startsWith(qualifiedKey(defaultSchema, ""))).map(tenantKey),
        ),
      );
      return {
        withRows: new Set([...facts.withRows].map(defaultKey)),
        large: new Set([...facts.large].map(defaultKey)),
      };
    },
  };
}
