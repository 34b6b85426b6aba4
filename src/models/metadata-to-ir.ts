/**
 * TypeORM metadata → the IR, spelled exactly as TypeORM's schema builder would create it
 * (PostgresQueryRunner.createTableSql / buildCreateColumnSql, TypeORM 0.3–1.x). Types and defaults come
 * out in TypeORM's spelling ("TIMESTAMP WITH TIME ZONE", "integer array", `'draft'`); src/canonicalise
 * then lets PostgreSQL rewrite them into its own canonical text before anything is compared.
 */
import type { Column, EnumType, Extension, Schema, Table, View } from "../schema/ir.js";
import { byName, byQualifiedName, emptySchema, table } from "../schema/ir.js";
import { quoteLiteral, quoteQualified } from "../sql/quote.js";
import { EnumTypes } from "./enum-types.js";
import type { LoadedModel } from "./load-model.js";
import { mergeSharedTables, type TableDefinition } from "./shared-tables.js";
import { checksOf, exclusionsOf, foreignKeyOf, indexesOf, uniquesOf } from "./table-constraints.js";
import { definitionOf, type FileOf } from "./table-definitions.js";
import type { TypeormEntityMetadata, TypeormTableColumn } from "./typeorm-module.js";

/** The metadata kinds that own a table; child entities share their parent's, views are not tables. */
const TABLE_TYPES = new Set(["regular", "junction", "closure", "closure-junction"]);

/** True for the metadata whose table the model creates (and ./duplicate-tables.ts checks). */
export function ownsTable(metadata: TypeormEntityMetadata): boolean {
  return TABLE_TYPES.has(metadata.tableType) && metadata.synchronize !== false;
}

/** What converting one metadata's table gives: the table, and what the whole model takes from it. */
export interface TablePiece {
  readonly definition: TableDefinition;
  /** The enum types its columns use, in column order, each with the column (`table.column`) naming it. */
  readonly enums: readonly { readonly type: EnumType; readonly column: string }[];
  /** Whether a column defaults to the driver's uuid generator (whose extension the model then creates). */
  readonly usesUuidGenerator: boolean;
}

/** The DataSource-wide settings a conversion reads. */
export interface ConversionContext {
  readonly loaded: Pick<LoadedModel, "dataSource" | "typeorm">;
  readonly defaultSchema: string;
  readonly fileOf: FileOf;
}

export function conversionContext(
  { dataSource, typeorm }: Pick<LoadedModel, "dataSource" | "typeorm">,
  fileOf: FileOf = () => undefined,
): ConversionContext {
  const defaultSchema = (dataSource.options.schema as string | undefined) ?? "public";
  return { loaded: { dataSource, typeorm }, defaultSchema, fileOf };
}

/** `fileOf` names the files of two definitions of one table that cannot be merged (./shared-tables.ts). */
export function metadataToIr(loaded: LoadedModel, fileOf: FileOf = () => undefined): Schema {
  return convertMetadatas(loaded, fileOf).schema;
}

/** The model, with the pieces its tables were assembled from (in metadata order). */
export function convertMetadatas(
  loaded: Pick<LoadedModel, "dataSource" | "typeorm">,
  fileOf: FileOf = () => undefined,
): { schema: Schema; pieces: TablePiece[] } {
  const context = conversionContext(loaded, fileOf);
  const pieces: TablePiece[] = [];
  const views: View[] = [];
  for (const metadata of loaded.dataSource.entityMetadatas) {
    if (metadata.tableType === "view") {
      views.push(viewOf(metadata, schemaOf(metadata, context), loaded));
      continue;
    }
    if (ownsTable(metadata)) pieces.push(tablePieceOf(metadata, context));
  }
  return { schema: assembleSchema(pieces, views, loaded.dataSource), pieces };
}

function schemaOf(metadata: { readonly schema?: string }, context: ConversionContext): string {
  return metadata.schema ?? context.defaultSchema;
}

/** One table-owning metadata (see ownsTable), converted. */
export function tablePieceOf(metadata: TypeormEntityMetadata, context: ConversionContext): TablePiece {
  const { dataSource, typeorm } = context.loaded;
  const { driver } = dataSource;
  const typeormTable = typeorm.Table.create(metadata, driver);
  const schema = schemaOf(metadata, context);
  const rawDefaults = new Map(metadata.columns.map((c) => [c.databaseName, c.default]));
  const enumValues = new Map<string, readonly string[]>();
  const enums: { type: EnumType; column: string }[] = [];
  let usesUuidGenerator = false;
  const columns = typeormTable.columns.map((column) => {
    const withDefault = {
      ...column,
      default: literalDefault(rawDefaults.get(column.name)) ?? column.default,
    };
    const enumType = enumTypeOf(withDefault, schema, metadata.tableName);
    if (enumType) {
      enums.push({ type: enumType, column: `${metadata.tableName}.${column.name}` });
      enumValues.set(column.name, enumType.values);
    }
    const converted = toColumn(
      withDefault,
      enumType,
      driver.createFullType.bind(driver),
      driver.uuidGenerator,
    );
    if (converted.default === driver.uuidGenerator) usesUuidGenerator = true;
    return converted;
  });
  const primaryColumns = typeormTable.columns.filter((column) => column.isPrimary);
  const primaryKey = primaryColumns.length
    ? {
        kind: "primaryKey" as const,
        name:
          primaryColumns[0]!.primaryKeyConstraintName ??
          dataSource.namingStrategy.primaryKeyName(
            typeormTable,
            primaryColumns.map((column) => column.name),
          ),
        columns: primaryColumns.map((column) => column.name),
      }
    : undefined;
  const foreignKeys = metadata.foreignKeys
    .map((fk) =>
      foreignKeyOf(
        typeorm.TableForeignKey.create(fk, driver),
        schemaOf(fk.referencedEntityMetadata, context),
        fk.referencedEntityMetadata.tableName,
      ),
    )
    .sort(byName);
  const converted: Table = {
    ...table(schema, metadata.tableName, columns, primaryKey),
    uniques: uniquesOf(typeormTable),
    foreignKeys,
    checks: checksOf(typeormTable),
    exclusions: exclusionsOf(typeormTable),
    indexes: indexesOf(typeormTable),
    ...commentOf(typeormTable.comment),
  };
  return {
    definition: { table: converted, enumValues, describe: () => definitionOf(metadata, context.fileOf) },
    enums,
    usesUuidGenerator,
  };
}

/** The model from its tables' pieces (in metadata order) and its views. */
export function assembleSchema(
  pieces: readonly TablePiece[],
  views: View[],
  dataSource: Pick<LoadedModel["dataSource"], "options">,
): Schema {
  const uuidExtension = (dataSource.options.uuidExtension as string | undefined) ?? "uuid-ossp";
  const enums = new EnumTypes();
  for (const piece of pieces) for (const { type, column } of piece.enums) enums.add(type, column);
  // Entities that share a table, a join table an entity also maps: one table, as synchronize() makes.
  const tables = mergeSharedTables(pieces.map((piece) => piece.definition));

  // TypeORM's synchronize() creates the extensions its schema needs (PostgresDriver.afterConnect):
  // the uuid generator's, and btree_gist for exclusion constraints (which often mix = and &&).
  const extensions: Extension[] = [];
  if (pieces.some((piece) => piece.usesUuidGenerator) && uuidExtension !== "pgcrypto")
    extensions.push({ kind: "extension", name: uuidExtension });
  if (tables.some((t) => t.exclusions.length > 0)) extensions.push({ kind: "extension", name: "btree_gist" });
  const schemas = [...tables, ...views].map((t) => t.schema);
  const namespaces = [...new Set(schemas)].filter((s) => s !== "public").sort();
  return {
    ...emptySchema(),
    namespaces,
    extensions: extensions.sort(byName),
    enums: enums.list(),
    tables: tables.sort(byQualifiedName),
    // Views keep the model's order: TypeORM sorts them by `dependsOn`, which is creation order.
    views,
  };
}

function viewOf(
  metadata: TypeormEntityMetadata,
  schema: string,
  { dataSource, typeorm }: Pick<LoadedModel, "dataSource" | "typeorm">,
): View {
  const { expression } = metadata;
  const definition =
    typeof expression === "function" ? expression(dataSource).getQuery() : (expression ?? "");
  const materialized = metadata.tableMetadataArgs.materialized === true;
  // synchronize() indexes only a materialized view (RdbmsSchemaBuilder.createNewViewIndices), and
  // only the indexes it would synchronize on a table.
  const indices = materialized
    ? metadata.indices.filter((index) => index.synchronize === true).map((i) => typeorm.TableIndex.create(i))
    : [];
  return {
    kind: "view",
    schema,
    name: metadata.tableName,
    materialized,
    definition,
    indexes: indexesOf({ indices }),
  };
}

/** TypeORM names an unnamed enum `<table>_<column>_enum`, in the table's schema (buildEnumName). */
function enumTypeOf(column: TypeormTableColumn, schema: string, tableName: string): EnumType | undefined {
  if (column.type !== "enum" && column.type !== "simple-enum") return undefined;
  return {
    kind: "enum",
    schema,
    name: column.enumName ?? `${tableName}_${column.name.toLowerCase()}_enum`,
    values: (column.enum ?? []).map(String),
  };
}

/**
 * A comment as synchronize() stores it: without NUL characters, which PostgreSQL's protocol cannot
 * carry (the server answers "invalid message format") and TypeORM's escapeComment() removes. Nothing
 * left, or nothing at all, is no comment.
 */
function commentOf(text: string | undefined): { comment?: string } {
  const comment = text?.replaceAll("\0", "");
  return comment ? { comment } : {};
}

/**
 * TypeORM writes a string default as `'${value}'` without escaping, so `default: "it's"` produces
 * invalid SQL (and a number becomes a quoted string). A plain string or number is a literal value:
 * quote it with the one literal helper. Functions (raw SQL) and other kinds keep TypeORM's spelling.
 */
function literalDefault(raw: unknown): string | undefined {
  if (typeof raw === "string" || typeof raw === "number") return quoteLiteral(String(raw));
  return undefined;
}

function toColumn(
  column: TypeormTableColumn,
  enumType: EnumType | undefined,
  createFullType: (column: TypeormTableColumn) => string,
  uuidGenerator: string,
): Column {
  const base = {
    kind: "column" as const,
    name: column.name,
    nullable: column.isNullable === true,
    ...(column.collation ? { collation: column.collation } : {}),
    ...commentOf(column.comment),
  };
  if (column.isGenerated && column.generationStrategy === "identity") {
    const identity = (column.generatedIdentity ?? "BY DEFAULT").toLowerCase() as "always" | "by default";
    return { ...base, type: column.type, identity };
  }
  if (column.isGenerated && column.generationStrategy === "increment") {
    return { ...base, type: column.type, serial: true };
  }
  const type = enumType
    ? `${quoteQualified(enumType.schema, enumType.name)}${column.isArray ? "[]" : ""}`
    : createFullType(column);
  const generated =
    column.generatedType === "STORED" && column.asExpression ? column.asExpression : undefined;
  const explicitDefault =
    column.default === undefined || column.default === null ? undefined : String(column.default);
  const defaultValue =
    explicitDefault ??
    (column.isGenerated && column.generationStrategy === "uuid" ? uuidGenerator : undefined);
  return {
    ...base,
    type,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(generated ? { generated } : {}),
  };
}
