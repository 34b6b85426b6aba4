/**
 * The loader turns most entity files into CommonJS with swc and the rest with TypeScript
 * (src/loader/transpile.ts); what TypeORM builds from them must be what it builds when TypeScript
 * compiles every file, design:type of every column included. Each model of the oracle pairs, and a
 * model written for the cases where swc and TypeScript disagree (test/fixtures/loader-metadata:
 * enums declared here and imported, a same-file type alias, unions, `readonly T[]`, interfaces,
 * `import type`, circular imports), is loaded in two processes, one with RETORT_TRANSPILER=typescript,
 * with no transpile cache, and the two descriptions compared. Through the built dist/, as the CLI runs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, "../../dist");
const pairs = path.resolve(here, "../fixtures/oracle-pairs");

const modelDirs = [
  path.resolve(here, "../fixtures/loader-metadata"),
  ...readdirSync(pairs)
    .sort()
    .flatMap((pair) => ["before", "after"].map((side) => path.join(pairs, pair, side)))
    .filter((dir) => existsSync(dir) && readdirSync(dir).some((file) => file.endsWith(".ts"))),
];

/** Per model directory: each column as TypeORM has it (its type, design:type, array) and retort's IR. */
const DESCRIBE = `
const [loadModelFile, metadataToIrFile, ...dirs] = process.argv.slice(1);
const { loadModel } = await import(loadModelFile);
const { metadataToIr } = await import(metadataToIrFile);
const name = (value) => (typeof value === "function" ? value.name : String(value));
const out = {};
for (const dir of dirs) {
  try {
    const model = await loadModel({ entities: [dir + "/*.ts"], cwd: dir });
    out[dir] = {
      columns: model.dataSource.entityMetadatas.flatMap((entity) =>
        entity.columns.map((column) =>
          entity.name + "." + column.propertyPath + ": " + name(column.type) + ", design:type " +
          name(Reflect.getMetadata("design:type", entity.target.prototype ?? {}, column.propertyName)) +
          (column.isArray ? ", array" : ""),
        ),
      ),
      ir: metadataToIr(model),
    };
  } catch (error) {
    out[dir] = { error: String(error.message) };
  }
}
process.stdout.write(JSON.stringify(out));
`;

function describeModels(transpiler: string): Record<string, unknown> {
  const output = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      DESCRIBE,
      path.join(dist, "models/load-model.js"),
      path.join(dist, "models/metadata-to-ir.js"),
      ...modelDirs,
    ],
    {
      env: { ...process.env, RETORT_TRANSPILER: transpiler, RETORT_TRANSPILE_CACHE: "0" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(output) as Record<string, unknown>;
}

test("TypeORM builds the same metadata from the loader's output as from TypeScript's alone", () => {
  const typescript = describeModels("typescript");
  const loader = describeModels("");
  expect(Object.keys(typescript)).toHaveLength(modelDirs.length);
  for (const dir of modelDirs) expect(typescript[dir], dir).not.toHaveProperty("error");
  for (const dir of modelDirs) expect(loader[dir], dir).toEqual(typescript[dir]);
  // The corner model's columns whose type TypeORM takes from design:type alone.
  expect(JSON.stringify(typescript[modelDirs[0]!])).toContain(
    "Author.mixedUnion: String, design:type String",
  );
}, 120_000);
