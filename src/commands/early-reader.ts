/**
 * The catalog read `check` and `revision --autogenerate` start as soon as they are connected, before
 * the model is known (they load it while the server reads). Apart from ./compare.ts so that `check`
 * can start it before loading the comparison's modules: the model reader, the differ and the reports
 * load while the server answers.
 */
import type pg from "pg";
import { type ObjectFilters, schemaExcluded } from "../config/object-filter.js";
import { type CatalogAnswer, fetchCatalog, introspect, withoutTables } from "../introspect/index.js";
import type { Schema } from "../schema/ir.js";
import { timed } from "../timings.js";
import type { DatabaseReader } from "./compare.js";
import { readTableFacts } from "./table-facts.js";

/** A DatabaseReader whose catalog read started early, with the server's answer as it came. */
export interface EarlyDatabaseReader extends DatabaseReader {
  /**
   * Decodes the early read's answer into the IR: now if it has arrived, else as soon as it does. On one
   * connection it arrives before the answer to anything asked after it: the decoding then runs while
   * the server works on that (canonicalisation's request, sent behind it).
   */
  prepare(): void;
  /** The early read's answer (of the options' schemas). */
  answer(): Promise<CatalogAnswer>;
  /** The early read's answer when it read exactly `schemas`; otherwise undefined. */
  answerFor(schemas: readonly string[]): Promise<CatalogAnswer> | undefined;
}

/**
 * A reader whose catalog read starts now, before the model is known (`check` loads the model while the
 * server reads): the schemas the options name. It serves the comparison when the model names no other
 * schema; otherwise the catalog is read again for the schemas the comparison asks for.
 */
export function earlyDatabaseReader(client: pg.ClientBase, options: SchemaOptions): EarlyDatabaseReader {
  const schemas = schemasToRead(options);
  // Timed apart: the comparison's own "reading the catalog" is then only what is left to wait for.
  const started = timed("reading the catalog (while the model loads)", () => fetchCatalog(client, schemas));
  // Never awaited when the model fails to load, or names other schemas.
  started.catch(() => {});
  let arrived: CatalogAnswer | undefined;
  started.then((answer) => (arrived = answer)).catch(() => {});
  return {
    read: async (wanted, excludeTables) =>
      sameMembers(wanted, schemas)
        ? withoutTables((await started).schema(), excludeTables)
        : introspect(client, { schemas: wanted, excludeTables }),
    facts: (tables, existing) => readTableFacts(client, tables, existing),
    prepare: () => {
      if (arrived) arrived.schema();
      // Errors: met again by the comparison, which decodes the same answer.
      else started.then((answer) => answer.schema()).catch(() => {});
    },
    answer: () => started,
    answerFor: (wanted) => (sameMembers(wanted, schemas) ? started : undefined),
  };
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((item) => set.has(item));
}

/**
 * The schemas a comparison reads: the ones the options name and, once the model is known, the ones it
 * creates or puts tables in, less those the filters exclude.
 */
export function schemasToRead(
  options: SchemaOptions,
  model?: Pick<Schema, "namespaces" | "tables">,
): string[] {
  return [
    ...new Set([
      ...(options.schemas ?? ["public"]),
      ...(model?.namespaces ?? []),
      ...(model?.tables.map((t) => t.schema) ?? []),
    ]),
  ].filter((schema) => !schemaExcluded(options.filters ?? {}, schema));
}

/** What decides the schemas a comparison reads (CompareOptions' part). */
export interface SchemaOptions {
  readonly schemas?: readonly string[];
  readonly filters?: ObjectFilters;
}
