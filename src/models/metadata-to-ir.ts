/**
 * TypeORM metadata → the IR, spelled exactly as TypeORM's schema builder would create it
 * (PostgresQueryRunner.createTableSql / buildCreateColumnSql, TypeORM 0.3–1.x). Types and defaults come
 * out in TypeORM's spelling ("TIMESTAMP WITH TIME ZONE", "integer array", `'draft'`); ./canonicalise.ts
 * then lets PostgreSQL rewrite them into its own canonical text before anything is compared.
 */
import { RetortError } from "../errors.js";
import type { Column, Extension, Schema, Table } from "../schema/ir.js";
import { byName, byQualifiedName, emptySchema, table } from "../schema/ir.js";
import { quoteLiteral } from "../sql/quote.js";
import type { LoadedModel } from "./load-model.js";
import type { TypeormTableColumn } from "./typeorm-module.js";

/** The metadata kinds that own a table; child entities share their parent's, views are not tables. */
const TABLE_TYPES = new Set(["regular", "junction", "closure", "closure-junction"]);

export function metadataToIr({ dataSource, typeorm }: LoadedModel): Schema {
  const { driver } = dataSource;
  const defaultSchema = (dataSource.options.schema as string | undefined) ?? "public";
  const uuidExtension = (dataSource.options.uuidExtension as string | undefined) ?? "uuid-ossp";
  const tables: Table[] = [];
  let usesUuidGenerator = false;

  for (const metadata of dataSource.entityMetadatas) {
    if (!TABLE_TYPES.has(metadata.tableType)) continue;
    if ((metadata as { synchronize?: boolean }).synchronize === false) continue;
    const typeormTable = typeorm.Table.create(metadata, driver);
    const schema = metadata.schema ?? defaultSchema;
    const rawDefaults = new Map(
      (metadata as unknown as { columns: { databaseName: string; default?: unknown }[] }).columns.map((c) => [
        c.databaseName,
        c.default,
      ]),
    );
    const columns = typeormTable.columns.map((column) => {
      const withDefault = {
        ...column,
        default: literalDefault(rawDefaults.get(column.name)) ?? column.default,
      };
      const converted = toColumn(
        withDefault,
        metadata.tableName,
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
    tables.push({
      ...table(schema, metadata.tableName, columns, primaryKey),
      ...(typeormTable.comment ? { comment: typeormTable.comment } : {}),
    });
  }

  // TypeORM's synchronize() creates the uuid extension its generated uuid columns call.
  const extensions: Extension[] =
    usesUuidGenerator && uuidExtension !== "pgcrypto" ? [{ kind: "extension", name: uuidExtension }] : [];
  const namespaces = [...new Set(tables.map((t) => t.schema))].filter((s) => s !== "public").sort();
  return {
    ...emptySchema(),
    namespaces,
    extensions: extensions.sort(byName),
    tables: tables.sort(byQualifiedName),
  };
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
  tableName: string,
  createFullType: (column: TypeormTableColumn) => string,
  uuidGenerator: string,
): Column {
  if (column.enum || column.type === "enum" || column.type === "simple-enum") {
    throw new RetortError(`Enum columns are not supported yet (${tableName}.${column.name})`);
  }
  const base = {
    kind: "column" as const,
    name: column.name,
    nullable: column.isNullable === true,
    ...(column.collation ? { collation: column.collation } : {}),
    ...(column.comment ? { comment: column.comment } : {}),
  };
  if (column.isGenerated && column.generationStrategy === "identity") {
    const identity = (column.generatedIdentity ?? "BY DEFAULT").toLowerCase() as "always" | "by default";
    return { ...base, type: column.type, identity };
  }
  if (column.isGenerated && column.generationStrategy === "increment") {
    return { ...base, type: column.type, serial: true };
  }
  const type = createFullType(column);
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
