/**
 * A view and a table of one name in one schema (or two views): `@ViewEntity("tag")` next to
 * `@Entity("tag")`. Both cannot exist: TypeORM's synchronize() creates the table, then fails on the
 * view with PostgreSQL's `relation "tag" already exists`, and so would retort's canonicaliser, naming
 * neither definition. This refuses such a model before any SQL runs, naming both, with the decorator
 * option that renames each.
 *
 * Tables of one name (two entities, an entity and a join table, the closure table each child of a
 * single-table-inheritance tree declares again) are not refused here: synchronize() merges them into
 * one table, and so does ./shared-tables.ts. Not definitions at all: a single-table-inheritance child
 * (it lives in its parent's table) and a table with `synchronize: false`.
 */
import { RetortError } from "../errors.js";
import { ownsTable } from "./metadata-to-ir.js";
import { type Definition, definitionOf, type FileOf } from "./table-definitions.js";
import type { TypeormEntityMetadata } from "./typeorm-module.js";

export type { FileOf } from "./table-definitions.js";

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

/** Throws a DuplicateTableError when a view has the qualified name of a table or of another view. */
export function checkDuplicateTables(
  metadatas: readonly TypeormEntityMetadata[],
  defaultSchema: string,
  fileOf: FileOf = () => undefined,
): void {
  const byTable = new Map<string, TypeormEntityMetadata[]>();
  for (const metadata of metadatas) {
    if (metadata.tableType !== "view" && !ownsTable(metadata)) continue;
    const key = `${metadata.schema ?? defaultSchema}.${metadata.tableName}`;
    const sharing = byTable.get(key) ?? [];
    sharing.push(metadata);
    byTable.set(key, sharing);
  }
  // Files are looked up only for the names refused: fileOf scans the module cache.
  const duplicated = [...byTable]
    .filter(([, sharing]) => sharing.length > 1 && sharing.some((m) => m.tableType === "view"))
    .map(([key, sharing]): [string, Definition[]] => [key, sharing.map((m) => definitionOf(m, fileOf))]);
  if (duplicated.length === 0) return;
  const [[table, definitions], ...others] = duplicated as [
    [string, Definition[]],
    ...[string, Definition[]][],
  ];
  const renames = [...new Set(definitions.map((d) => d.rename))].join(" or ");
  throw new DuplicateTableError(
    table,
    definitions.map((d) => d.label),
    others.map(([key]) => key),
    `rename one (${renames})`,
  );
}

function countWord(count: number): string {
  return ["Two", "Three", "Four"][count - 2] ?? String(count);
}

/** `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
