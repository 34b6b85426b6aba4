/**
 * The user's own copy of `typeorm`, resolved from their project as TypeORM's CLI does, so that the
 * decorators in their entities and the metadata builder we call share one metadata storage and one
 * version. Falls back to retort's copy when the project has none (e.g. plain .js entities in a folder).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { RetortError } from "../errors.js";

/** The subset of the typeorm module we use. Typed loosely: the user's copy may be another version. */
export interface TypeormModule {
  DataSource: new (options: Record<string, unknown>) => DataSourceLike;
  Table: { create(metadata: unknown, driver: unknown): TypeormTable };
  TableForeignKey: { create(metadata: unknown, driver: unknown): TypeormForeignKey };
  TableIndex: { create(metadata: unknown): TypeormTable["indices"][number] };
  /** The decorators' storage, shared by every copy of typeorm in the process (a global). */
  getMetadataArgsStorage?(): unknown;
}

export interface TypeormForeignKey {
  name?: string;
  columnNames: string[];
  referencedColumnNames: string[];
  referencedSchema?: string;
  referencedTableName: string;
  onDelete?: string;
  onUpdate?: string;
  deferrable?: string;
}

export interface DataSourceLike {
  readonly options: Record<string, unknown>;
  readonly driver: TypeormDriver;
  readonly namingStrategy: { primaryKeyName(table: unknown, columns: string[]): string };
  readonly entityMetadatas: readonly TypeormEntityMetadata[];
  buildMetadatas(): Promise<void>;
}

export interface TypeormDriver {
  readonly options: Record<string, unknown>;
  readonly uuidGenerator: string;
  createFullType(column: TypeormTableColumn): string;
}

export interface TypeormEntityMetadata {
  readonly tableType: string;
  readonly tableName: string;
  readonly schema?: string;
  /** The entity's class (or an EntitySchema's target or name); a generated table's name. */
  readonly target: unknown;
  readonly targetName: string;
  readonly synchronize?: boolean;
  readonly columns: readonly { readonly databaseName: string; readonly default?: unknown }[];
  /** A join table's columns carry the relation that owns it (JunctionEntityMetadataBuilder). */
  readonly ownColumns: readonly { readonly relationMetadata?: TypeormRelation }[];
  /** Set on a closure table, to the tree entity it belongs to. */
  readonly parentClosureEntityMetadata?: TypeormEntityMetadata;
  readonly foreignKeys: readonly { readonly referencedEntityMetadata: TypeormEntityMetadata }[];
  /** Read for a view only: a table's come through `Table.create`. */
  readonly indices: readonly { readonly synchronize?: boolean }[];
  readonly expression?: string | ((dataSource: unknown) => { getQuery(): string });
  readonly tableMetadataArgs: { readonly materialized?: boolean };
}

export interface TypeormRelation {
  readonly entityMetadata: TypeormEntityMetadata;
  readonly propertyPath: string;
}

export interface TypeormTableColumn {
  name: string;
  type: string;
  isNullable: boolean;
  isGenerated: boolean;
  generationStrategy?: "uuid" | "increment" | "rowid" | "identity";
  generatedIdentity?: "ALWAYS" | "BY DEFAULT";
  isPrimary: boolean;
  isArray: boolean;
  default?: unknown;
  asExpression?: string;
  generatedType?: "VIRTUAL" | "STORED";
  collation?: string;
  comment?: string;
  primaryKeyConstraintName?: string;
  enum?: string[];
  enumName?: string;
}

export interface TypeormTable {
  name: string;
  schema?: string;
  columns: TypeormTableColumn[];
  indices: {
    name?: string;
    columnNames: string[];
    isUnique: boolean;
    isSpatial: boolean;
    where?: string;
    type?: string;
  }[];
  uniques: { name?: string; columnNames: string[]; deferrable?: string }[];
  checks: { name?: string; expression?: string }[];
  exclusions: { name?: string; expression?: string; deferrable?: string }[];
  comment?: string;
}

/**
 * The oldest TypeORM retort works with. 0.3.0 introduced `DataSource`, which retort builds the
 * metadata through (0.2's `Connection`/`ormconfig` are another API, and 0.2 has had no release since
 * 2022); every 0.3.x and 1.x since has the same metadata API.
 */
export const SUPPORTED_TYPEORM = ">= 0.3.0";

/** Each loaded typeorm module's entry file: where its package's other files are. */
const entries = new WeakMap<TypeormModule, string>();

export function loadTypeorm(projectDir: string): TypeormModule {
  const fromProject = createRequire(path.join(projectDir, "package.json"));
  let entry: string;
  try {
    entry = fromProject.resolve("typeorm");
  } catch {
    const ownRequire = createRequire(import.meta.url);
    return remember(ownRequire("typeorm") as TypeormModule, ownRequire.resolve("typeorm"));
  }
  refuseUnsupported(entry);
  return remember(fromProject(entry) as TypeormModule, entry);
}

function remember(typeorm: TypeormModule, entry: string): TypeormModule {
  entries.set(typeorm, entry);
  return typeorm;
}

/**
 * A module of typeorm's own that its index does not export (`metadata-builder/MetadataUtils.js`), from
 * the package `typeorm` was loaded from, as typeorm's own files require it; undefined when that copy
 * has no such file.
 */
export function typeormInternal(typeorm: TypeormModule, file: string): unknown {
  const entry = entries.get(typeorm);
  const internal = entry && path.join(path.dirname(entry), file);
  if (!internal || !existsSync(internal)) return undefined;
  try {
    return createRequire(entry)(internal);
  } catch {
    return undefined;
  }
}

/** One line naming the installed version, instead of `typeorm.DataSource is not a constructor`. */
function refuseUnsupported(entry: string): void {
  const version = versionOf(entry);
  const [major, minor] = (version ?? "").split(".").map(Number);
  if (major === 0 && minor !== undefined && minor < 3) {
    throw new RetortError(
      `This project has TypeORM ${version}; retort needs TypeORM 0.3.0 or later (it builds the models ` +
        "through DataSource, new in 0.3). Upgrade typeorm to use retort.",
    );
  }
}

/** The project's TypeORM version (retort's own copy when the project has none); undefined: none found. */
export function installedTypeormVersion(projectDir: string): string | undefined {
  for (const from of [path.join(projectDir, "package.json"), import.meta.url]) {
    try {
      return versionOf(createRequire(from).resolve("typeorm"));
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** The version in the package.json of the package `entry` belongs to. */
function versionOf(entry: string): string | undefined {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    try {
      const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as {
        name?: string;
        version?: string;
      };
      if (name === "typeorm") return version;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** True for a TypeORM DataSource from any copy of typeorm (instanceof would fail across copies). */
export function isDataSource(value: unknown): value is DataSourceLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string | symbol, unknown>;
  return (
    candidate["@instanceof"] === Symbol.for("DataSource") ||
    (typeof candidate.options === "object" && typeof candidate.buildMetadatas === "function")
  );
}
