/**
 * How an error names one definition of a table: `entity PostTag (src/entity/PostTag.ts)`, `the join
 * table of Post.tags (src/entity/Post.ts)`, `the closure table of Genre (...)`, `view entity TagView
 * (...)`, with the decorator option that renames it. Used by ./duplicate-tables.ts (a view named like
 * a table) and ./shared-tables.ts (tables of one name that cannot be merged).
 */
import type { TypeormEntityMetadata } from "./typeorm-module.js";

/** The file an entity class came from, as it should be printed; undefined when unknown. */
export type FileOf = (target: unknown) => string | undefined;

export interface Definition {
  /** `entity PostTag (src/entity/PostTag.ts)`, `the join table of Post.tags`. */
  readonly label: string;
  /** The decorator option that renames it. */
  readonly rename: string;
  /** Whether `synchronize: false` takes it out of the model (metadataToIr creates views regardless). */
  readonly skippable: boolean;
}

export function definitionOf(metadata: TypeormEntityMetadata, fileOf: FileOf): Definition {
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
