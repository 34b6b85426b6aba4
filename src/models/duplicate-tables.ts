/**
 * Two definitions of one table: an entity `@Entity("post_tags")` and a `@JoinTable({ name: "post_tags" })`,
 * two entities (or an entity and a view) with one name in one schema, a closure table named like an
 * entity. TypeORM builds metadata for both without complaint and its synchronize() silently creates
 * only the first; retort would create both and fail in the canonicaliser with PostgreSQL's
 * `relation "post_tags" already exists`, naming neither definition. This refuses such a model before
 * any SQL runs, naming both, with the decorator option that renames each.
 *
 * Not duplicates: a single-table-inheritance child (tableType "entity-child", it lives in its parent's
 * table), anything with `synchronize: false` (metadataToIr does not create it either), and one name in
 * two schemas.
 */
import { RetortError } from "../errors.js";
import { ownsTable } from "./metadata-to-ir.js";
import type { TypeormEntityMetadata } from "./typeorm-module.js";

/** The file an entity class came from, as it should be printed; undefined when unknown. */
export type FileOf = (target: unknown) => string | undefined;

interface Definition {
  /** `entity PostTag (src/entity/PostTag.ts)`, `the join table of Post.tags`. */
  readonly label: string;
  /** The decorator option that renames it. */
  readonly rename: string;
  /** Whether `synchronize: false` takes it out of the model (metadataToIr creates views regardless). */
  readonly skippable: boolean;
}

export class DuplicateTableError extends RetortError {
  constructor(
    readonly table: string,
    readonly definitions: readonly string[],
    others: readonly string[],
    hint: string,
  ) {
    const also = others.length ? ` (also defined more than once: ${others.join(", ")})` : "";
    super(
      `${countWord(definitions.length)} definitions of table ${table}: ${listed(definitions)}; ${hint}${also}`,
    );
  }
}

/** Throws a DuplicateTableError when two metadatas create a table or view of one qualified name. */
export function checkDuplicateTables(
  metadatas: readonly TypeormEntityMetadata[],
  defaultSchema: string,
  fileOf: FileOf = () => undefined,
): void {
  const byTable = new Map<string, Definition[]>();
  for (const metadata of metadatas) {
    if (metadata.tableType !== "view" && !ownsTable(metadata)) continue;
    const key = `${metadata.schema ?? defaultSchema}.${metadata.tableName}`;
    const definitions = byTable.get(key) ?? [];
    definitions.push(definitionOf(metadata, fileOf));
    byTable.set(key, definitions);
  }
  const duplicated = [...byTable].filter(([, definitions]) => definitions.length > 1);
  if (duplicated.length === 0) return;
  const [[table, definitions], ...others] = duplicated as [
    [string, Definition[]],
    ...[string, Definition[]][],
  ];
  const renames = [...new Set(definitions.map((d) => d.rename))].join(" or ");
  // Offered only when it works for either: an entity mapped over a join table is a common pattern.
  const skip = definitions.every((d) => d.skippable)
    ? ", or set synchronize: false on the one that should not create it"
    : "";
  throw new DuplicateTableError(
    table,
    definitions.map((d) => d.label),
    others.map(([key]) => key),
    `rename one (${renames})${skip}`,
  );
}

function definitionOf(metadata: TypeormEntityMetadata, fileOf: FileOf): Definition {
  const inFile = (target: unknown) => {
    const file = fileOf(target);
    return file ? ` (${file})` : "";
  };
  switch (metadata.tableType) {
    case "junction": {
      // The builder gives every column of a join table its owning relation; `junctionEntityMetadata`
      // on the relations is not reliable, since @JoinTable on both sides overwrites the other's.
      const owner = metadata.ownColumns.find((column) => column.relationMetadata)?.relationMetadata;
      const label = owner
        ? `the join table of ${owner.entityMetadata.targetName}.${owner.propertyPath}${inFile(owner.entityMetadata.target)}`
        : "a join table";
      return { label, rename: '@JoinTable({ name: "…" })', skippable: true };
    }
    case "closure-junction": {
      const tree = metadata.parentClosureEntityMetadata;
      const label = tree
        ? `the closure table of ${tree.targetName}${inFile(tree.target)}`
        : "a closure table";
      return { label, rename: '@Tree("closure-table", { closureTableName: "…" })', skippable: false };
    }
    case "view":
      return {
        label: `view entity ${metadata.targetName}${inFile(metadata.target)}`,
        rename: '@ViewEntity("…")',
        skippable: false,
      };
    default:
      return {
        label: `entity ${metadata.targetName}${inFile(metadata.target)}`,
        rename: '@Entity("…")',
        skippable: true,
      };
  }
}

function countWord(count: number): string {
  return ["Two", "Three", "Four"][count - 2] ?? String(count);
}

/** `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
