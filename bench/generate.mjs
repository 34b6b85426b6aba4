/**
 * Synthetic TypeORM applications for the benchmark: N entity files in TypeScript (what retort reads),
 * the same entities compiled to CommonJS (what TypeORM's CLI reads: it has no TypeScript loader of its
 * own), a DataSource for TypeORM's CLI and a `sync.js` that runs TypeORM's synchronize() (its SQL, in batches).
 *
 * The mix per entity follows the issue: a uuid or identity key, about eight columns of assorted types
 * (numeric, timestamptz defaulting to now(), jsonb, ...), a named enum on every fifth entity, one or
 * two ManyToOne relations to earlier entities, one or two indexes of which one unique, and a ManyToMany
 * on every tenth entity.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const ts = require("typescript");

/** `E0042` for i = 42. */
export const className = (i) => `E${String(i).padStart(4, "0")}`;
export const tableName = (i) => `item_${String(i).padStart(4, "0")}`;

/** The TypeScript source of entity i; `extraColumn` adds one column (the "one column added" case). */
export function entitySource(i, extraColumn) {
  const name = className(i);
  const imports = new Set();
  const decorators = ["Column", "Entity", "Index", "PrimaryGeneratedColumn"];
  const lines = [];
  const hasEnum = i % 5 === 0;
  const uuidKey = i % 2 === 0;
  if (hasEnum)
    lines.push(`export enum ${name}Status { Draft = "draft", Live = "live", Archived = "archived" }`, "");
  lines.push(`@Entity({ name: "${tableName(i)}" })`);
  if (i % 3 === 0) lines.push(`@Index(["name", "createdAt"])`);
  lines.push(`export class ${name} {`);
  lines.push(
    uuidKey
      ? `  @PrimaryGeneratedColumn("uuid") id!: string;`
      : `  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" }) id!: number;`,
  );
  lines.push(`  @Column({ length: 120 }) name!: string;`);
  lines.push(`  @Index({ unique: true }) @Column({ length: 32 }) code!: string;`);
  lines.push(`  @Column({ type: "numeric", precision: 12, scale: 2, default: 0 }) amount!: string;`);
  lines.push(`  @Column({ type: "int", default: 0 }) quantity!: number;`);
  lines.push(`  @Column({ default: true }) active!: boolean;`);
  lines.push(`  @Column({ type: "timestamptz", default: () => "now()" }) createdAt!: Date;`);
  lines.push(`  @Column({ type: "jsonb", nullable: true }) payload!: unknown;`);
  lines.push(`  @Column({ type: "text", nullable: true }) notes!: string | null;`);
  if (hasEnum)
    lines.push(
      `  @Column({ type: "enum", enum: ${name}Status, enumName: "${tableName(i)}_status", default: ${name}Status.Draft }) status!: ${name}Status;`,
    );
  // Relations to earlier entities: one for most, two for every third.
  const targets = i === 1 ? [] : i % 3 === 0 && i > 2 ? [i - 1, Math.max(1, Math.floor(i / 2))] : [i - 1];
  for (const [k, target] of [...new Set(targets)].entries()) {
    imports.add(target);
    decorators.push("ManyToOne");
    lines.push(
      `  @ManyToOne(() => ${className(target)}, { onDelete: "${k === 0 ? "CASCADE" : "SET NULL"}", nullable: true }) ref${k}!: ${className(target)};`,
    );
  }
  if (i % 10 === 0 && i > 1) {
    imports.add(i - 1);
    decorators.push("ManyToMany", "JoinTable");
    lines.push(`  @ManyToMany(() => ${className(i - 1)}) @JoinTable() links!: ${className(i - 1)}[];`);
  }
  if (extraColumn)
    lines.push(`  @Column({ type: "varchar", length: 64, nullable: true }) ${extraColumn}!: string | null;`);
  lines.push("}", "");
  const head = [`import { ${[...new Set(decorators)].sort().join(", ")} } from "typeorm";`];
  for (const target of [...imports].sort((a, b) => a - b))
    head.push(`import { ${className(target)} } from "./${className(target)}";`);
  return [...head, "", ...lines].join("\n");
}

/** TypeScript → CommonJS with decorator metadata, as `tsc` with TypeORM's documented settings emits. */
export function compile(source, fileName) {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      useDefineForClassFields: false,
    },
  }).outputText;
}

const DATA_SOURCE_JS = `"use strict";
const path = require("node:path");
const { DataSource } = require("typeorm");
exports.default = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  entities: [path.join(__dirname, "entity", "*.js")],
  migrations: [],
  logging: false,
});
`;

// TypeORM's synchronize(), in batches: its schema builder's SQL (what synchronize runs, as
// `log()` lists it) in transactions of 500 statements. synchronize() runs it in one transaction, and
// a server with the default max_locks_per_transaction (64) cannot hold the locks of 5000 new tables
// in one ("out of shared memory").
const SYNC_JS = `"use strict";
const dataSource = require("./data-source.js").default;
(async () => {
  await dataSource.initialize();
  const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
  const runner = dataSource.createQueryRunner();
  for (let i = 0; i < upQueries.length; i += 500) {
    await runner.startTransaction();
    for (const { query, parameters } of upQueries.slice(i, i + 500)) await runner.query(query, parameters);
    await runner.commitTransaction();
  }
  await runner.release();
  await dataSource.destroy();
})().catch((error) => { console.error(error); process.exit(1); });
`;

/**
 * Writes an application of n entities into `dir`: src/entity/*.ts for retort, dist/ for TypeORM, and
 * node_modules linking retort's packages (so `typeorm` resolves from the project, as in a real one).
 */
export function writeProject(dir, n, nodeModules) {
  mkdirSync(path.join(dir, "src/entity"), { recursive: true });
  mkdirSync(path.join(dir, "dist/entity"), { recursive: true });
  mkdirSync(path.join(dir, "migrations"), { recursive: true });
  // A node_modules of links rather than one link: the project's own node_modules/.cache (where retort
  // keeps transpiled files) must belong to the project, so that a cold run can clear it.
  mkdirSync(path.join(dir, "node_modules"));
  for (const name of readdirSync(nodeModules)) {
    if (name === ".cache" || name === ".bin") continue;
    symlinkSync(path.join(nodeModules, name), path.join(dir, "node_modules", name));
  }
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: `bench-${n}`, private: true }, null, 2)}\n`,
  );
  for (let i = 1; i <= n; i++) writeEntity(dir, i);
  writeFileSync(path.join(dir, "dist/data-source.js"), DATA_SOURCE_JS);
  writeFileSync(path.join(dir, "dist/sync.js"), SYNC_JS);
}

/** (Re)writes entity i in both forms; `extraColumn` adds one column. */
export function writeEntity(dir, i, extraColumn) {
  const source = entitySource(i, extraColumn);
  writeFileSync(path.join(dir, `src/entity/${className(i)}.ts`), source);
  writeFileSync(path.join(dir, `dist/entity/${className(i)}.js`), compile(source, `${className(i)}.ts`));
}

/** Lines of TypeScript in the project's entities, for the report. */
export function entityLines(dir) {
  const folder = path.join(dir, "src/entity");
  return readdirSync(folder).reduce(
    (sum, file) => sum + readFileSync(path.join(folder, file), "utf8").split("\n").length,
    0,
  );
}

/** A chain of n migration files in `dir`, shaped as `retort revision` writes them. */
export function writeRevisions(dir, n) {
  mkdirSync(dir, { recursive: true });
  const id = (i) => `b${String(i).padStart(11, "0")}`;
  for (let i = 1; i <= n; i++) {
    const down = i === 1 ? "null" : `"${id(i - 1)}"`;
    writeFileSync(
      path.join(dir, `${id(i)}_step_${i}.ts`),
      `/**
 * step ${i}
 *
 * Revision ID: ${id(i)}
 * Revises: ${i === 1 ? "" : id(i - 1)}
 * Create Date: 2026-01-01 00:00:00.000
 */
import type { MigrationContext } from "retort";

export const revision = "${id(i)}";
export const downRevision: string | null = ${down};

export async function upgrade({ op }: MigrationContext): Promise<void> {
  await op.addColumn("item_0001", { name: "c${i}", type: "integer", nullable: true });
}

export async function downgrade({ op }: MigrationContext): Promise<void> {
  await op.dropColumn("item_0001", "c${i}");
}
`,
    );
  }
  return id(n);
}
