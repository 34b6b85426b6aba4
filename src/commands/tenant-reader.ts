/**
 * The live side of a comparison for a schema tenant (./compare.ts's DatabaseReader): its
 * schema read as the model's default schema (../tenants/tenant-schema.ts), and the row facts of its tables for
 * the hazards, asked of the tenant's tables and answered under the default schema's names.
 */
import type pg from "pg";
import { qualifiedKey } from "../schema/ir.js";
import { onlySchema, readTenantSchema } from "../tenants/tenant-schema.js";
import type { DatabaseReader } from "./compare.js";
import { readTableFacts } from "./table-facts.js";

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
