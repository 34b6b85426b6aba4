/**
 * `revision --autogenerate` when the config has tenants: the models are compared with one reference
 * tenant (`tenantReference`, default the first), its schema read as the models' default schema, so the
 * migration names no tenant's schema and runs in every one of them; the shared tables, those an entity
 * places in a schema of its own, are compared with the main database, where the main run keeps them.
 * Both must be at the revision(s) the new migration follows.
 */
import type pg from "pg";
import { canonicaliseModel, type RawModel } from "../canonicalise/index.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { connect } from "../db/connect.js";
import { withConnection } from "../db/with-connection.js";
import { RetortError, TargetNotUpToDateError } from "../errors.js";
import type { RevisionMap } from "../graph/revision-map.js";
import { retortOwnTables } from "../runner/version-table.js";
import { placementOf, type Tenant } from "../tenants/tenant.js";
import { mergedSchemas } from "../tenants/tenant-schema.js";
import { readTenants } from "../tenants/tenant-source.js";
import { ensureDatabaseAt } from "./autogenerate-guard.js";
import {
  type CompareOptions,
  type Comparison,
  compareCanonicalModel,
  type DatabaseReader,
  databaseReaderOf,
} from "./compare.js";
import { schemaTenantReader } from "./tenant-reader.js";

/** `options.versionTable` is the main database's; the tenant's follows from its placement. */
export async function compareWithReferenceTenant(
  config: ResolvedConfig,
  map: RevisionMap,
  parents: readonly string[],
  raw: RawModel,
  options: CompareOptions,
): Promise<Comparison> {
  return withConnection(config, async (main) => {
    const tenants = await readTenants(config.tenants, config.schemas[0] ?? "public", async () => main);
    const tenant = referenceOf(tenants, config.tenantReference);
    await ensureDatabaseAt(main, map, parents, config.versionTable);
    const canonical = await canonicaliseModel(main, raw);
    const compare = async (client: pg.Client) => {
      await ensureTenantAt(client, map, parents, tenant, config);
      const own =
        tenant.kind === "schema"
          ? schemaTenantReader(
              client,
              tenant.schema,
              raw.defaultSchema,
              retortOwnTables(placementOf(tenant, config).versionTable),
            )
          : databaseReaderOf(client);
      return compareCanonicalModel(
        canonical,
        raw,
        referenceReader(databaseReaderOf(main), own, raw.defaultSchema),
        options,
      );
    };
    if (tenant.kind === "schema") return compare(main);
    const client = await connect(tenant.url);
    try {
      return await compare(client);
    } finally {
      await client.end().catch(() => {});
    }
  });
}

function referenceOf(tenants: readonly Tenant[], name: string | undefined): Tenant {
  if (name === undefined) {
    const [first] = tenants;
    if (!first) throw new RetortError("The config's tenants list is empty: there is no reference tenant");
    return first;
  }
  const tenant = tenants.find((t) => t.name === name);
  if (!tenant) throw new RetortError(`tenantReference '${name}' names no tenant`);
  return tenant;
}

async function ensureTenantAt(
  client: pg.Client,
  map: RevisionMap,
  parents: readonly string[],
  tenant: Tenant,
  config: ResolvedConfig,
): Promise<void> {
  try {
    await ensureDatabaseAt(client, map, parents, placementOf(tenant, config).versionTable);
  } catch (error) {
    if (!(error instanceof TargetNotUpToDateError)) throw error;
    throw new RetortError(
      `${error.message} (the reference tenant '${tenant.name}': \`retort upgrade head --tenants ${tenant.name}\`)`,
      { cause: error },
    );
  }
}

/** The default schema from the tenant, every other schema (and the extensions) from the main database. */
function referenceReader(
  main: DatabaseReader,
  tenant: DatabaseReader,
  defaultSchema: string,
): DatabaseReader {
  return {
    read: async (schemas, excludeTables) =>
      mergedSchemas(
        await main.read(
          schemas.filter((s) => s !== defaultSchema),
          excludeTables,
        ),
        await tenant.read([defaultSchema], excludeTables),
      ),
    facts: async (tables, existing) => {
      const own = tables.filter((t) => t.schema === defaultSchema);
      const shared = tables.filter((t) => t.schema !== defaultSchema);
      // One after the other: a schema tenant's reader shares the main connection.
      const a = await tenant.facts(own, existing);
      const b = await main.facts(shared, existing);
      return { withRows: new Set([...a.withRows, ...b.withRows]), large: new Set([...a.large, ...b.large]) };
    },
  };
}
