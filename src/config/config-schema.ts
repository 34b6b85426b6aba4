/**
 * What a config may hold, as a valibot schema, and the one line that says what is wrong with one that
 * does not fit: `unknown key 'entitiez' (did you mean 'entities'?)`, `'migrations' must be a string`.
 *
 * valibot rather than zod: it loads in about 5 ms on Node 20 where zod 4 takes about 55 (zod/mini
 * 50), and it is one 200 kB file against zod's 840; both name the key and the expected type. It is
 * still imported only when there is a config to check (see ./load-config.ts), so `--help` and a run
 * without a config never load it.
 */
import * as v from "valibot";
import type { RetortConfig } from "./define-config.js";
import { nearestName } from "./nearest-name.js";

const optionalString = (key: string) => v.optional(v.string(`'${key}' must be a string`));

const optionalStringList = (key: string) => {
  const message = `'${key}' must be a list of strings`;
  return v.optional(v.array(v.string(message), message));
};

const TENANTS_MESSAGE =
  "'tenants' must be a list of { name, schema } or { name, url }, a function returning one, or { sql: \"...\" }";

/** Only the shape: tenants a function or a query returns are checked when read (src/tenants/). */
const TENANT = v.union([
  v.strictObject({ name: v.string(), schema: v.string() }),
  v.strictObject({ name: v.string(), url: v.string() }),
]);

/**
 * One schema per setting of RetortConfig; `satisfies` makes a setting added to the interface and not
 * here (or the reverse) a type error, so the two cannot drift apart.
 */
const ENTRIES = {
  url: optionalString("url"),
  entities: v.optional(
    v.union([v.string(), v.array(v.string())], "'entities' must be a string or a list of strings"),
  ),
  dataSource: optionalString("dataSource"),
  tsconfig: optionalString("tsconfig"),
  migrations: optionalString("migrations"),
  schemas: optionalStringList("schemas"),
  includeTables: optionalStringList("includeTables"),
  excludeTables: optionalStringList("excludeTables"),
  excludeSchemas: optionalStringList("excludeSchemas"),
  includeObject: v.optional(v.function("'includeObject' must be a function (name, kind, schema) => boolean")),
  versionTable: optionalString("versionTable"),
  versionTableSchema: optionalString("versionTableSchema"),
  template: v.optional(
    v.union([v.string(), v.function()], "'template' must be a file path or a function of the rendered parts"),
  ),
  fileName: optionalString("fileName"),
  tenants: v.optional(
    v.union([v.array(TENANT), v.function(), v.strictObject({ sql: v.string() })], TENANTS_MESSAGE),
  ),
  tenantReference: optionalString("tenantReference"),
} satisfies Record<keyof RetortConfig, v.GenericSchema>;

export const SETTINGS: readonly string[] = Object.keys(ENTRIES);

const NOT_AN_OBJECT = "expected an object (export default defineConfig({ ... }))";

/**
 * Every other key must be absent (`never`). Not valibot's strictObject, which stops at the first
 * unknown key: a config with two misspellings should hear of both at once.
 */
const CONFIG = v.objectWithRest(ENTRIES, v.never(), NOT_AN_OBJECT);

/**
 * What is wrong with a config, as one line (several problems joined by "; ", each once), or undefined
 * when it fits.
 */
export function configProblem(value: unknown): string | undefined {
  // valibot's objects take arrays too, and an array is no config.
  if (Array.isArray(value)) return NOT_AN_OBJECT;
  const result = v.safeParse(CONFIG, value, { abortEarly: false });
  if (result.success) return undefined;
  const problems = result.issues.map((issue) =>
    issue.type === "never" ? unknownKey(String(issue.path?.[0]?.key)) : issue.message,
  );
  return [...new Set(problems)].join("; ");
}

function unknownKey(key: string): string {
  const meant = nearestName(key, SETTINGS);
  return meant
    ? `unknown key '${key}' (did you mean '${meant}'?)`
    : `unknown key '${key}' (the settings are ${SETTINGS.join(", ")})`;
}
