#!/usr/bin/env node
/**
 * `node bench/codegen.mjs` (after `npm run build`): how long the code generator takes to write the
 * migration of an autogenerate that found 1000 new tables, the largest file a project is likely to
 * produce at once. Only the file's text is timed: the operations are built beforehand by the differ
 * from an IR (no database, no entity files), as `revision --autogenerate` hands them over.
 *
 * The tables follow ./generate.mjs's mix: a uuid or identity key, eight columns of assorted types with
 * defaults, an enum on every fifth, one or two foreign keys to earlier tables, one or two indexes, and
 * a view on every hundredth (a multi-line query, the one template literal a file can hold).
 *
 * Prints the time to load the code generator (first import, in this process), the first generation
 * (what `revision --autogenerate` pays: one file per process) and the median of BENCH_RUNS (default 9)
 * more, with the file's size. BENCH_TABLES changes the number of tables, BENCH_VIEWS=0 leaves the views
 * out, BENCH_DIST points at another build (to compare with the main checkout's).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = path.resolve(
  process.env.BENCH_DIST ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "../dist"),
);
if (!existsSync(dist)) throw new Error("dist/ is missing: run `npm run build` first");
const load = (module) => import(pathToFileURL(path.join(dist, module)).href);

const N = Number(process.env.BENCH_TABLES ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 9);

const { diffSchemas } = await load("diff/index.js");
const { annotateHazards } = await load("diff/hazards.js");
const { reverseAll } = await load("ops/reverse.js");
const { emptySchema } = await load("schema/ir.js");

const loadStart = performance.now();
const { renderMigrationFile } = await load("codegen/migration-file.js");
const loadMs = performance.now() - loadStart;

const name = (i) => `item_${String(i).padStart(4, "0")}`;
const column = (columnName, type, extra = {}) => ({
  kind: "column",
  name: columnName,
  type,
  nullable: false,
  ...extra,
});
const btree = (indexName, columns, unique = false) => ({
  kind: "index",
  name: indexName,
  unique,
  method: "btree",
  elements: columns.map((value) => ({ value, expression: false, descending: false })),
  include: [],
  nullsNotDistinct: false,
});

function tableOf(i) {
  const t = name(i);
  const columns = [
    i % 2 === 0
      ? column("id", "uuid", { default: "uuid_generate_v4()" })
      : column("id", "integer", { identity: "always" }),
    column("name", "character varying(120)"),
    column("code", "character varying(32)"),
    column("amount", "numeric(12,2)", { default: "0" }),
    column("quantity", "integer", { default: "0" }),
    column("active", "boolean", { default: "true" }),
    column("createdAt", "timestamp with time zone", { default: "now()" }),
    column("payload", "jsonb", { nullable: true }),
    column("notes", "text", { nullable: true }),
  ];
  if (i % 5 === 0) columns.push(column("status", `${t}_status`, { default: "'draft'::item_status" }));
  const targets = i === 1 ? [] : i % 3 === 0 ? [i - 1, Math.max(1, Math.floor(i / 2))] : [i - 1];
  const foreignKeys = [...new Set(targets)].map((target, k) => {
    columns.push(column(`ref${k}Id`, i % 2 === 0 ? "uuid" : "integer", { nullable: true }));
    return {
      kind: "foreignKey",
      name: `FK_${t}_ref${k}_${"0".repeat(12)}`,
      columns: [`ref${k}Id`],
      referencedSchema: "public",
      referencedTable: name(target),
      referencedColumns: ["id"],
      onDelete: k === 0 ? "CASCADE" : "SET NULL",
      onUpdate: "NO ACTION",
      deferrable: "not deferrable",
    };
  });
  const indexes = [btree(`IDX_${t}_code_${"0".repeat(14)}`, ["code"], true)];
  if (i % 3 === 0) indexes.push(btree(`IDX_${t}_name_createdAt_${"0".repeat(6)}`, ["name", "createdAt"]));
  return {
    kind: "table",
    schema: "public",
    name: t,
    columns,
    primaryKey: { kind: "primaryKey", name: `PK_${t}_${"0".repeat(20)}`, columns: ["id"] },
    uniques: [],
    foreignKeys,
    checks: [],
    exclusions: [],
    indexes,
  };
}

const tables = Array.from({ length: N }, (_, k) => tableOf(k + 1));
const model = {
  ...emptySchema(),
  enums: tables
    .filter((_, k) => (k + 1) % 5 === 0)
    .map((t) => ({
      kind: "enum",
      schema: "public",
      name: `${t.name}_status`,
      values: ["draft", "live", "archived"],
    })),
  tables,
  views: tables
    .filter((_, k) => process.env.BENCH_VIEWS !== "0" && (k + 1) % 100 === 0)
    .map((t) => ({
      kind: "view",
      schema: "public",
      name: `${t.name}_active`,
      materialized: false,
      definition: ` SELECT ${t.name}.id,\n    ${t.name}.name\n   FROM ${t.name}\n  WHERE ${t.name}.active;`,
      indexes: [],
    })),
};
const upgrade = diffSchemas(emptySchema(), model).operations;
if (process.env.BENCH_WRITE_SPEC) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(
    process.env.BENCH_WRITE_SPEC,
    JSON.stringify({ upgrade, downgrade: annotateHazards(reverseAll(upgrade)) }),
  );
}
const spec = {
  revision: "3f2a9c1b7d4e",
  downRevision: "9b1c0d2e4f6a",
  message: `create ${N} tables`,
  createDate: new Date(2026, 10, 24, 10, 15, 0, 0),
  upgrade,
  downgrade: annotateHazards(reverseAll(upgrade)),
};

/** Wall time, and this process's CPU time: on a busy machine the second is the steadier figure. */
const time = () => {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const text = renderMigrationFile(spec);
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, text };
};
const first = time();
const later = Array.from({ length: runs }, time);
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const lines = first.text.split("\n");
const over120 = lines.filter((line) => line.length > 120).length;
console.log(
  `${N} tables, ${upgrade.length} operations: ${lines.length} lines, ${(first.text.length / 1024).toFixed(0)} KiB, ` +
    `${over120} lines over 120 characters`,
);
console.log(`load the code generator: ${loadMs.toFixed(0)} ms`);
console.log(
  `first file: ${first.ms.toFixed(0)} ms (CPU ${first.cpuMs.toFixed(0)} ms); median of ${runs} more: ` +
    `${median(later.map((t) => t.ms)).toFixed(0)} ms (CPU ${median(later.map((t) => t.cpuMs)).toFixed(0)} ms)`,
);
