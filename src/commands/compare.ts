/**
 * The heart of `revision --autogenerate` and `check`: the models and the live database, both read into
 * the IR through PostgreSQL, and the differ's operations between them.
 */
import type pg from "pg";
import { canonicaliseModel, type RawModel } from "../canonicalise/index.js";
import { filterSchema, type ObjectFilters } from "../config/object-filter.js";
import { annotateHazards, type TableFacts, tablesNeedingFacts } from "../diff/hazards.js";
import { type DiffResult, diffSchemas, type RenameDecider, resolveRenames } from "../diff/index.js";
import { onlineOperations } from "../diff/online.js";
import { markPossibleRenames } from "../diff/possible-renames.js";
import { introspect } from "../introspect/index.js";
import type { HazardKind } from "../ops/operations.js";
import { retortOwnTables, type VersionTableName } from "../runner/version-table.js";
import type { Schema } from "../schema/ir.js";
import { qualifiedKey } from "../schema/ir.js";
import { timed } from "../timings.js";
import { schemasToRead } from "./early-reader.js";
import { type Ask, type RenameHints, renameDecider } from "./rename-decider.js";
import { readTableFacts } from "./table-facts.js";
import { refuseUnmatchedRenames } from "./unmatched-renames.js";

export interface CompareOptions {
  /** Schemas retort manages besides the ones the models name (default `["public"]`). */
  readonly schemas?: readonly string[];
  /** retort's own version table, never reported as a table to drop. */
  readonly versionTable: VersionTableName;
  /** The config's include/exclude filters, applied to both schemas before diffing. */
  readonly filters?: ObjectFilters;
  /** Answers rename candidates; without one, nothing is a rename. */
  readonly decideRenames?: RenameDecider;
  /** The `--rename` flags, each of which must name something it can rename. */
  readonly renameHints?: RenameHints;
  /** Short-lock DDL for existing tables (see src/diff/online.ts). */
  readonly online?: boolean;
}

/** What `autogenerate` (`revision --autogenerate`) and `check` accept about renames, locks and hazards. */
export interface AutogeneratePolicy {
  /** `--rename table.old=table.new` and `--rename-table old=new` answers. */
  readonly renames?: RenameHints;
  /** Asks the rename questions the hints do not answer (a terminal prompt); without it the answer is no. */
  readonly ask?: Ask;
  /** Short-lock DDL for existing tables. */
  readonly online?: boolean;
  /** Refuse (exit 1) when an upgrade operation carries a hazard of these kinds. */
  readonly failOnHazard?: readonly HazardKind[];
}

/** The CompareOptions part of an AutogeneratePolicy. */
export function comparePolicy(
  options: AutogeneratePolicy,
): Pick<CompareOptions, "decideRenames" | "renameHints" | "online"> {
  return {
    decideRenames: renameDecider(options.renames, options.ask),
    ...(options.renames ? { renameHints: options.renames } : {}),
    ...(options.online ? { online: true } : {}),
  };
}

export interface Comparison extends DiffResult {
  readonly model: Schema;
  readonly database: Schema;
}

/**
 * `raw` comes from loadRawModel(), loaded before connecting or while the early reads run
 * (./model-and-database.ts), so entity errors need no database. `database`: the live side, when its
 * read started early; `canonical`: the model made canonical, when that started early too.
 */
export async function compareModelToDatabase(
  client: pg.ClientBase,
  raw: RawModel,
  options: CompareOptions,
  database: DatabaseReader = databaseReaderOf(client),
  canonical: Promise<Schema> = canonicaliseModel(client, raw, () => database.prepare?.()),
): Promise<Comparison> {
  return compareCanonicalModel(await canonical, raw, database, options);
}

/**
 * The live side of a comparison: the catalog read into the IR, and the row facts hazards depend on.
 * One database as a rule; a fleet's reference tenant reads its own schema from the tenant and the
 * shared ones from the main database (./reference-tenant.ts).
 */
export interface DatabaseReader {
  read(schemas: readonly string[], excludeTables: readonly string[]): Promise<Schema>;
  facts(
    tables: readonly { schema: string; table: string }[],
    existing: ReadonlySet<string>,
  ): Promise<TableFacts>;
  /**
   * Work on what has arrived already, for the time the server spends creating the model in the scratch
   * schemas, when the process would otherwise wait (WhileWaiting in ../canonicalise/index.ts).
   */
  prepare?(): void;
}

export function databaseReaderOf(client: pg.ClientBase): DatabaseReader {
  return {
    read: (schemas, excludeTables) => introspect(client, { schemas, excludeTables }),
    facts: (tables, existing) => readTableFacts(client, tables, existing),
  };
}

/** The comparison once the model is canonical (canonicaliseModel), against what `database` reads. */
export async function compareCanonicalModel(
  canonical: Schema,
  raw: RawModel,
  database: DatabaseReader,
  options: CompareOptions,
): Promise<Comparison> {
  const filters = options.filters ?? {};
  const model = filterSchema(canonical, filters);
  const schemas = schemasToRead(options, model);
  // Tables another tool owns are not the application's: TypeORM's `migrations` and `typeorm_metadata`
  // stay, whatever the entities say.
  const excludeTables = [...retortOwnTables(options.versionTable), ...raw.typeormTables];
  const live = filterSchema(
    await timed("reading the catalog", () => database.read(schemas, excludeTables)),
    filters,
  );
  refuseUnmatchedRenames(options.renameHints, live, model, raw.defaultSchema);
  const renames = options.decideRenames
    ? await resolveRenames(live, model, options.decideRenames)
    : undefined;
  const diff = await timed("diffing", () =>
    diffSchemas(live, model, {
      defaultSchema: raw.defaultSchema,
      ...(renames ? { renames } : {}),
    }),
  );
  // Unanswered look-alikes stay a drop and an add, saying which --rename would keep the data.
  const operations = markPossibleRenames(diff.operations, renames?.possible ?? [], raw.defaultSchema);
  const existing = new Set(live.tables.map((t) => qualifiedKey(t.schema, t.name)));
  const facts = await database.facts(tablesNeedingFacts(operations), existing);
  const annotated = annotateHazards(operations, facts);
  return {
    model,
    database: live,
    operations: options.online ? onlineOperations(annotated) : annotated,
    detections: diff.detections,
  };
}
