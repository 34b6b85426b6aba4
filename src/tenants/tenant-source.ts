/**
 * The config's `tenants` read into checked Tenants: a list as written, a function's result, or the rows
 * of a query on the main database (columns `name` and either `schema` or `url`). Whatever the source,
 * each tenant is checked the same way, since a function or a query can return anything: a name, and
 * exactly one of a schema or a URL; no name or schema twice; no tenant in the main run's own schema.
 */
import type pg from "pg";
import { validDatabaseUrl } from "../config/database-target.js";
import type { TenantsSetting } from "../config/define-config.js";
import { RetortError } from "../errors.js";
import { byName } from "../schema/ir.js";
import { registerUrlSecret } from "../secrets.js";
import type { Tenant } from "./tenant.js";

type Queryable = Pick<pg.Client, "query">;

/** Whether reading the setting needs the main database (a query runs there). */
export function needsMainDatabase(setting: TenantsSetting): boolean {
  return !Array.isArray(setting) && typeof setting === "object" && "sql" in setting;
}

/**
 * The tenants, sorted by name. `main` is called only for a query; `defaultSchema` is the main run's,
 * which no schema tenant may take.
 */
export async function readTenants(
  setting: TenantsSetting | undefined,
  defaultSchema: string,
  main: () => Promise<Queryable>,
): Promise<Tenant[]> {
  if (setting === undefined) {
    throw new RetortError(
      "No tenants configured: add `tenants` to retort.config (a list, a function, or { sql }); see docs/tenants.md",
    );
  }
  const specs = await specsOf(setting, main);
  return checkedTenants(specs, defaultSchema);
}

async function specsOf(setting: TenantsSetting, main: () => Promise<Queryable>): Promise<readonly unknown[]> {
  if (typeof setting === "function") {
    let listed: unknown;
    try {
      listed = await setting();
    } catch (error) {
      throw new RetortError(`The config's tenants function failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!Array.isArray(listed)) throw new RetortError("The config's tenants function must return a list");
    return listed;
  }
  if (Array.isArray(setting)) return setting;
  const { sql } = setting as { sql: string };
  const client = await main();
  try {
    return (await client.query(sql)).rows;
  } catch (error) {
    throw new RetortError(`The config's tenants query failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Every problem found at once, one per line: a fleet's list is long and fixed in one go. */
export function checkedTenants(specs: readonly unknown[], defaultSchema: string): Tenant[] {
  const problems: string[] = [];
  const tenants: Tenant[] = [];
  const names = new Set<string>();
  const schemas = new Map<string, string>();
  for (const [index, spec] of specs.entries()) {
    const tenant = tenantOf(spec, index, defaultSchema, problems);
    if (!tenant) continue;
    if (names.has(tenant.name)) {
      problems.push(`tenant '${tenant.name}' is listed twice`);
      continue;
    }
    names.add(tenant.name);
    if (tenant.kind === "schema") {
      const other = schemas.get(tenant.schema);
      if (other !== undefined) {
        problems.push(`tenants '${other}' and '${tenant.name}' both use schema '${tenant.schema}'`);
        continue;
      }
      schemas.set(tenant.schema, tenant.name);
    } else registerUrlSecret(tenant.url);
    tenants.push(tenant);
  }
  if (problems.length > 0) throw new RetortError(`Invalid tenants: ${problems.join("; ")}`);
  return tenants.sort(byName);
}

function tenantOf(
  spec: unknown,
  index: number,
  defaultSchema: string,
  problems: string[],
): Tenant | undefined {
  const fields = (typeof spec === "object" && spec !== null ? spec : {}) as Record<string, unknown>;
  const { name, schema, url } = fields;
  if (typeof name !== "string" || name === "") {
    problems.push(`tenant #${index + 1} has no name (a non-empty string)`);
    return undefined;
  }
  const hasSchema = schema !== undefined && schema !== null;
  const hasUrl = url !== undefined && url !== null;
  if (hasSchema === hasUrl) {
    problems.push(`tenant '${name}' must have either a schema or a url`);
    return undefined;
  }
  if (hasSchema) {
    if (typeof schema !== "string" || schema === "") {
      problems.push(`tenant '${name}': schema must be a non-empty string`);
      return undefined;
    }
    if (schema === defaultSchema) {
      problems.push(`tenant '${name}' uses schema '${schema}', the main run's default schema`);
      return undefined;
    }
    return { kind: "schema", name, schema };
  }
  if (typeof url !== "string") {
    problems.push(`tenant '${name}': url must be a string`);
    return undefined;
  }
  try {
    return { kind: "database", name, url: validDatabaseUrl(url) };
  } catch (error) {
    problems.push(`tenant '${name}': ${(error as Error).message}`);
    return undefined;
  }
}
