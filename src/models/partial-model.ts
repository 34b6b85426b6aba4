/**
 * After an edit of a few entity files, the model rebuilt in part: TypeORM builds the metadata of the
 * entities whose tables may have changed, the other tables are the previous model's (the model cache's
 * entry, ../canonicalise/model-cache.ts), and the whole is assembled as a full build assembles it
 * (./metadata-to-ir.ts `assembleSchema`). At 500 entities TypeORM's metadata build and its conversion
 * were a third of the first `revision --autogenerate` after an edit.
 *
 * Which tables may have changed. Every module still runs (the decorators record what they record), so
 * what TypeORM would build from is known: each entity's records (./entity-args.ts). An entity is
 * *changed* when a changed file exports it, or its records' digest differs from the previous build's;
 * its table, and the table of every entity with a relation to it (a foreign key takes the types of the
 * columns it references, a join table those of both sides), are rebuilt. Entities those point at are
 * built too, as stubs (table and columns only), for TypeORM to resolve the relations; their tables are
 * not converted.
 *
 * Only an edit that stays among entity files is rebuilt in part: every changed file exports an entity,
 * and the DataSource's options (its naming strategy, schema, entities...) are what they were: their
 * digest is unchanged, and when the DataSource module imports a changed file (to list its entities), the
 * naming strategy's classes come from modules the change does not reach (their methods are code). The model must be one of plain tables: no views, trees
 * or inheritance, no table shared by two definitions, no name cut to 63 bytes, the same entities as
 * before (by file and class name), each join table made by the same entity as before. Anything else,
 * and any doubt, is a full build: the answer must be the full build's, and
 * test/models/partial-model.test.ts compares the two over edits of every fixture.
 */
import { createRequire } from "node:module";
import { isProjectFile } from "../loader/project-files.js";
import { importersOf, complete as importsComplete } from "../loader/project-imports.js";
import type { EnumType, Schema, Table } from "../schema/ir.js";
import { qualifiedKey } from "../schema/ir.js";
import { type EntityArgs, type RecordTarget, readEntityArgs, valueDigest } from "./entity-args.js";
import { entityFileOf } from "./entity-files.js";
import { fitIdentifiers } from "./identifier-limits.js";
import {
  assembleSchema,
  type ConversionContext,
  ownsTable,
  type TablePiece,
  tablePieceOf,
} from "./metadata-to-ir.js";
import type { TypeormEntityMetadata } from "./typeorm-module.js";

const require = createRequire(import.meta.url);

/** What a build leaves for the next one to rebuild from, kept in the model cache's entry. */
export interface ModelPieces {
  /** Every table of the model, in metadata order, with the entity (key) whose metadata made it. */
  readonly tables: readonly PieceRecord[];
  /** Each entity's records digest, by entity key (`<file>#<class name>`). */
  readonly digests: Readonly<Record<string, string>>;
  /** The entities each entity's relations point at, by key. */
  readonly relations: Readonly<Record<string, readonly string[]>>;
  /** The DataSource options' digest (its entities by key; without migrations and subscribers). */
  readonly options: string;
}

export interface PieceRecord {
  /** The table's qualified key: its raw form is the previous model's table of that name. */
  readonly table: string;
  readonly entity: string;
  readonly enums: readonly { readonly type: EnumType; readonly column: string }[];
  readonly uuid: boolean;
}

/** The previous build, as the model cache has it. */
export interface PreviousModel {
  readonly pieces: ModelPieces;
  /** The previous model's raw tables. */
  readonly tables: () => readonly Table[];
  /** The project files whose content changed since (all of them entity files, for a partial build). */
  readonly changedFiles: readonly string[];
}

/** The entities a partial build gives TypeORM. */
export interface PartialPlan {
  /** In the DataSource's order: those rebuilt, then the stubs. */
  readonly entities: readonly RecordTarget[];
  readonly stubs: ReadonlySet<RecordTarget>;
  /** The entities whose tables are converted again, by key. */
  readonly rebuilt: ReadonlyMap<RecordTarget, string>;
  /** Every entity's digest and relation targets after this build, and the options' digest. */
  readonly digests: Readonly<Record<string, string>>;
  readonly relations: Readonly<Record<string, readonly string[]>>;
  readonly options: string;
}

/** The entities the DataSource was given, with what the plan needs to know of the load. */
export interface LoadedEntities {
  readonly entities: readonly unknown[];
  readonly storage: unknown;
  /** The options the DataSource was made with (the DataSource module's, or none). */
  readonly options: Readonly<Record<string, unknown>>;
  /** The DataSource module, when the model comes from one. */
  readonly dataSourceFile?: string;
}

/** Past this share of the entities rebuilt, a full build is as quick. */
const MAX_SHARE = 0.5;

/** The plan for a partial build, or undefined when the model must be built whole. */
export function planPartialBuild(
  previous: PreviousModel | undefined,
  loaded: LoadedEntities,
): PartialPlan | undefined {
  if (!previous || previous.changedFiles.length === 0 || !importsComplete()) return undefined;
  const keys = entityKeys(loaded);
  if (!keys) return undefined;
  const before = previous.pieces.digests;
  if (keys.size !== Object.keys(before).length || [...keys.values()].some((key) => !(key in before)))
    return undefined;
  const changed = new Set(previous.changedFiles);
  const exportingFiles = new Set([...keys.values()].map(fileOfKey));
  if ([...changed].some((file) => !exportingFiles.has(file))) return undefined;
  const reached = importersOf(changed);
  const options = optionsDigest(loaded, keys);
  if (options === undefined || options !== previous.pieces.options) return undefined;
  // A DataSource module that imports a changed file (to list its entities) made the same options; its
  // naming strategy must not be one of the modules the change reaches, since its methods are code.
  if (
    loaded.dataSourceFile &&
    reached.has(loaded.dataSourceFile) &&
    !outsideOf(loaded.options.namingStrategy, reached)
  )
    return undefined;

  const args = readEntityArgs(loaded.storage, (target) => keys.get(target) ?? target.name);
  if (!args) return undefined;
  // An entity no changed file reaches has the records and relations it had: only the others are read.
  const digests: Record<string, string> = { ...before };
  const relations: Record<string, readonly string[]> = { ...previous.pieces.relations };
  const changedKeys = new Set<string>();
  for (const [entity, key] of keys) {
    const file = fileOfKey(key);
    if (!reached.has(file)) continue;
    const digest = args.digest(entity);
    const targets = relationKeys(args, entity, keys);
    if (digest === undefined || targets === undefined) return undefined;
    digests[key] = digest;
    relations[key] = targets;
    if (changed.has(file) || digest !== before[key]) changedKeys.add(key);
  }
  const entityOf = new Map([...keys].map(([entity, key]) => [key, entity]));
  const rebuilt = new Map<RecordTarget, string>();
  for (const [entity, key] of keys) {
    const targets = relations[key];
    if (!targets || targets.some((target) => !entityOf.has(target))) return undefined;
    if (changedKeys.has(key) || targets.some((target) => changedKeys.has(target))) rebuilt.set(entity, key);
  }
  if (rebuilt.size > keys.size * MAX_SHARE) return undefined;
  const stubs = new Set<RecordTarget>();
  for (const key of rebuilt.values())
    for (const target of relations[key]!) {
      const entity = entityOf.get(target)!;
      if (!rebuilt.has(entity)) stubs.add(entity);
    }
  const inOrder = [...keys.keys()];
  return {
    entities: [...inOrder.filter((e) => rebuilt.has(e)), ...inOrder.filter((e) => stubs.has(e))],
    stubs,
    rebuilt,
    digests,
    relations,
    options,
  };
}

/**
 * The model from the partial build's metadata and the previous model's other tables; undefined when
 * the build does not fit the previous one (see the module's comment), and the model must be built whole.
 */
export function assemblePartialModel(
  plan: PartialPlan,
  previous: PreviousModel,
  metadatas: readonly TypeormEntityMetadata[],
  context: ConversionContext,
): { schema: Schema; pieces: ModelPieces } | undefined {
  const fresh = new Map<string, { piece: TablePiece; entity: string }>();
  for (const metadata of metadatas) {
    if (metadata.tableType !== "regular" && metadata.tableType !== "junction") return undefined;
    const owner = ownerOf(metadata);
    // A table no entity can be named for could be missed: whole.
    if (owner === undefined) return undefined;
    if (plan.stubs.has(owner)) continue;
    const entity = plan.rebuilt.get(owner);
    if (entity === undefined || !ownsTable(metadata)) return undefined;
    const piece = tablePieceOf(metadata, context);
    const key = qualifiedKey(piece.definition.table.schema, piece.definition.table.name);
    if (fresh.has(key)) return undefined;
    fresh.set(key, { piece, entity });
  }
  const rebuiltKeys = new Set(plan.rebuilt.values());
  const previousTables = new Map(previous.tables().map((t) => [qualifiedKey(t.schema, t.name), t]));
  const pieces: TablePiece[] = [];
  const records: PieceRecord[] = [];
  let replaced = 0;
  for (const record of previous.pieces.tables) {
    if (rebuiltKeys.has(record.entity)) {
      const made = fresh.get(record.table);
      // Each table the entity made before, made by it again (a join table added or gone: whole).
      if (made?.entity !== record.entity) return undefined;
      replaced++;
      pieces.push(made.piece);
      records.push(recordOf(made.piece, record.entity));
      continue;
    }
    const table = previousTables.get(record.table);
    if (!table || fresh.has(record.table)) return undefined;
    pieces.push({
      definition: { table, enumValues: new Map(), describe: undescribed },
      enums: record.enums,
      usesUuidGenerator: record.uuid,
    });
    records.push(record);
  }
  if (replaced !== fresh.size) return undefined;
  const schema = assembleSchema(pieces, [], context.loaded.dataSource);
  if (schema.tables.length !== pieces.length || fitIdentifiers(schema) !== schema) return undefined;
  return {
    schema,
    pieces: { tables: records, digests: plan.digests, relations: plan.relations, options: plan.options },
  };
}

/**
 * What a full build leaves for the next one (see ModelPieces), or undefined when its model is not one a
 * partial build can start from.
 */
export function piecesOfFullBuild(
  loaded: LoadedEntities,
  metadatas: readonly TypeormEntityMetadata[],
  pieces: readonly TablePiece[],
  schema: Schema,
  fitted: Schema,
): ModelPieces | undefined {
  if (fitted !== schema || schema.views.length > 0 || schema.tables.length !== pieces.length)
    return undefined;
  const keys = entityKeys(loaded);
  if (!keys) return undefined;
  const args = readEntityArgs(loaded.storage, (target) => keys.get(target) ?? target.name);
  if (!args) return undefined;
  const digests: Record<string, string> = {};
  const relations: Record<string, readonly string[]> = {};
  for (const [entity, key] of keys) {
    const digest = args.digest(entity);
    const targets = relationKeys(args, entity, keys);
    if (digest === undefined || targets === undefined) return undefined;
    digests[key] = digest;
    relations[key] = targets;
  }
  const tableOwners = metadatas.filter(ownsTable);
  if (tableOwners.length !== pieces.length) return undefined;
  const records: PieceRecord[] = [];
  for (const [i, metadata] of tableOwners.entries()) {
    if (metadata.tableType !== "regular" && metadata.tableType !== "junction") return undefined;
    const owner = ownerOf(metadata);
    const key = owner && keys.get(owner);
    if (key === undefined) return undefined;
    records.push(recordOf(pieces[i]!, key));
  }
  const options = optionsDigest(loaded, keys);
  if (options === undefined) return undefined;
  return { tables: records, digests, relations, options };
}

function recordOf(piece: TablePiece, entity: string): PieceRecord {
  const { table } = piece.definition;
  return {
    table: qualifiedKey(table.schema, table.name),
    entity,
    enums: piece.enums,
    uuid: piece.usesUuidGenerator,
  };
}

/** An entity's own table: its class; a join table: the class of the relation that made it. */
function ownerOf(metadata: TypeormEntityMetadata): RecordTarget | undefined {
  const target =
    metadata.tableType === "junction"
      ? metadata.ownColumns.find((column) => column.relationMetadata)?.relationMetadata?.entityMetadata.target
      : metadata.target;
  return typeof target === "function" ? target : undefined;
}

/** A previous table merges with nothing (no table is shared), so no error names it. */
const undescribed = () => ({ label: "a table", rename: "", skippable: false });

/**
 * Each entity class (one of the DataSource's, with an `@Entity` record: TypeORM ignores the others)
 * with its key, `<file>#<name>`, the file being the entity file it was found in or, for a class a
 * DataSource lists, the first project module in Node's module cache that exports it; undefined when an
 * entity is not a class, is exported by no project module, or two share a key.
 */
function entityKeys({ entities, storage }: LoadedEntities): Map<RecordTarget, string> | undefined {
  const tables = (storage as { tables?: unknown } | undefined)?.tables;
  if (!Array.isArray(tables)) return undefined;
  const withTable = new Set(tables.map((record: { target?: unknown }) => record?.target));
  let exporting: Map<unknown, string[]> | undefined;
  const keys = new Map<RecordTarget, string>();
  const used = new Set<string>();
  for (const entity of entities) {
    if (typeof entity !== "function") return undefined;
    if (keys.has(entity) || !withTable.has(entity)) continue;
    // The entity file it was found in (globs); else the first project module exporting it.
    let file = entityFileOf(entity);
    if (!file) {
      exporting ??= exportedClasses(false);
      file = exporting.get(entity)?.[0];
    }
    if (!file) return undefined;
    const key = `${file}#${entity.name}`;
    if (used.has(key)) return undefined;
    used.add(key);
    keys.set(entity, key);
  }
  return keys;
}

/**
 * Each class the modules in Node's module cache export (project modules only, unless `packages`), with
 * the modules exporting it in the cache's (loading) order.
 */
function exportedClasses(packages: boolean): Map<unknown, string[]> {
  const exporters = new Map<unknown, string[]>();
  for (const [file, module] of Object.entries(require.cache)) {
    if (!module || (!packages && !isProjectFile(file))) continue;
    const exports = module.exports as unknown;
    const values = typeof exports === "object" && exports !== null ? Object.values(exports) : [exports];
    for (const value of values) {
      if (typeof value !== "function") continue;
      const files = exporters.get(value);
      if (files) files.push(file);
      else exporters.set(value, [file]);
    }
  }
  return exporters;
}

function fileOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf("#"));
}

/** The digest of the DataSource's options, its entities by key (TypeORM's runtime lists left out). */
function optionsDigest(loaded: LoadedEntities, keys: ReadonlyMap<RecordTarget, string>): string | undefined {
  const {
    entities: _entities,
    migrations: _migrations,
    subscribers: _subscribers,
    ...options
  } = loaded.options;
  return valueDigest(
    { ...options, entities: [...keys.values()] },
    (target) => keys.get(target) ?? target.name,
  );
}

/**
 * Whether the class of `instance` (a naming strategy) and each class it extends is exported by a module
 * `reached` does not hold: a module the change does not reach (a package, or a project module). A class
 * no module exports may be the DataSource module's own: not outside. No instance: TypeORM's default.
 */
function outsideOf(instance: unknown, reached: ReadonlySet<string>): boolean {
  if (instance === undefined) return true;
  if (typeof instance !== "object" || instance === null) return false;
  const exporters = exportedClasses(true);
  for (
    let proto = Object.getPrototypeOf(instance);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const files = exporters.get(proto.constructor);
    if (!files || files.some((file) => reached.has(file))) return false;
  }
  return true;
}

/** The keys of the entities `entity`'s relations point at; undefined when one is not an entity. */
function relationKeys(
  args: EntityArgs,
  entity: RecordTarget,
  keys: ReadonlyMap<RecordTarget, string>,
): string[] | undefined {
  const targets = args.relationTargets(entity);
  if (!targets) return undefined;
  const found: string[] = [];
  for (const target of targets) {
    const key = keys.get(target);
    if (key === undefined) return undefined;
    if (!found.includes(key)) found.push(key);
  }
  return found;
}
