/**
 * retort builds TypeORM's metadata with the decorator storage answering from per-entity buckets and
 * the inheritance check cached (src/models/build-metadata.ts); neither may change what TypeORM builds.
 * Every model the tests load (the oracle pairs' two sides, the fixture applications, the loader's
 * corner cases, and test/fixtures/metadata-inheritance: abstract bases, re-declared properties, a
 * retyped inherited relation, embeddeds, single-table inheritance two levels deep) is loaded through
 * `loadModel` (retort's build), built again by TypeORM alone from the same options, and the two object
 * graphs compared whole: every metadata object and every value it holds, classes by identity. All the
 * models load into one process, so each build's storage holds every other model's records too.
 */
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { withIndexedMetadataArgs } from "../../src/models/indexed-metadata-args.js";
import { withInheritanceCache } from "../../src/models/inheritance-cache.js";
import { loadModel, type ModelSource } from "../../src/models/load-model.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const pairs = path.join(fixtures, "oracle-pairs");

const withEntities = (dir: string, glob: string): ModelSource => ({ entities: [glob], cwd: dir });
const withDataSource = (dir: string, file: string): ModelSource => ({ dataSource: file, cwd: dir });

const models: readonly ModelSource[] = [
  withEntities(path.join(fixtures, "metadata-inheritance"), "*.ts"),
  withEntities(path.join(fixtures, "loader-metadata"), "*.ts"),
  ...["oracle-app", "relations-app", "safety-app", "squash-app", "users-app", "datasource-app"].map((app) =>
    withEntities(path.join(fixtures, app), "src/entity/*.ts"),
  ),
  withDataSource(path.join(fixtures, "casbin-app"), "src/data-source.ts"),
  withDataSource(path.join(fixtures, "typeorm-migrations-app"), "src/data-source.ts"),
  withDataSource(path.join(fixtures, "apps/nest-app"), "src/database/data-source.ts"),
  withDataSource(path.join(fixtures, "apps/esm-app"), "src/db/data-source.ts"),
  ...readdirSync(pairs)
    .sort()
    .flatMap((pair) =>
      ["before", "after"].flatMap((side): ModelSource[] => {
        const dir = path.join(pairs, pair, side);
        if (!existsSync(dir) || !readdirSync(dir).some((file) => file.endsWith(".ts"))) return [];
        const dataSource = path.join(pairs, pair, "data-source.ts");
        return [
          {
            entities: [`${side}/*.ts`],
            cwd: path.join(pairs, pair),
            ...(existsSync(dataSource) ? { dataSource } : {}),
          },
        ];
      }),
    ),
];

/**
 * The object graph reachable from `root`, one line per object in the order a walk first meets it:
 * its class and every enumerable property (inherited ones too: TypeORM's clones of relation records
 * are `Object.create(record)`), objects by their number in the walk, functions (entity classes,
 * callbacks) by the order they were first met. Objects in `leaves` (the DataSource) are not entered.
 */
function describeGraph(root: unknown, leaves: ReadonlySet<unknown>): string[] {
  const objects = new Map<object, number>();
  const functions = new Map<unknown, number>();
  const queue: object[] = [];
  const ref = (value: unknown): string => {
    if (typeof value === "function") {
      if (!functions.has(value)) functions.set(value, functions.size);
      return `fn${functions.get(value)} ${value.name}`;
    }
    if (typeof value !== "object" || value === null) {
      return typeof value === "string" ? JSON.stringify(value) : String(value);
    }
    if (leaves.has(value)) return "leaf";
    if (!objects.has(value)) {
      objects.set(value, objects.size);
      queue.push(value);
    }
    return `#${objects.get(value)}`;
  };
  ref(root);
  const lines: string[] = [];
  for (const [i, object] of queue.entries()) {
    let entries: [unknown, unknown][];
    if (object instanceof Map) entries = [...object];
    else if (object instanceof Set) entries = [...object].map((value, j) => [j, value]);
    else {
      entries = [];
      for (const key in object) entries.push([key, (object as Record<string, unknown>)[key]]);
    }
    const kind = Object.getPrototypeOf(object)?.constructor?.name ?? "null";
    lines.push(`#${i} ${kind} ${entries.map(([key, value]) => `${String(key)}=${ref(value)}`).join(" ")}`);
  }
  return lines;
}

describe("retort's metadata build is TypeORM's", () => {
  test.each(
    models.map((model) => [
      path.relative(fixtures, path.join(model.cwd, model.entities?.[0] ?? model.dataSource!)),
      model,
    ]),
  )(
    "%s",
    async (_name, source) => {
      const loaded = await loadModel(source);
      const typeormAlone = new loaded.typeorm.DataSource({ ...loaded.dataSource.options });
      await typeormAlone.buildMetadatas();
      const leaves = new Set<unknown>([loaded.dataSource, typeormAlone]);
      const retort = describeGraph(loaded.dataSource.entityMetadatas, leaves);
      expect(retort.length).toBeGreaterThan(loaded.dataSource.entityMetadatas.length);
      expect(retort).toEqual(describeGraph(typeormAlone.entityMetadatas, leaves));
    },
    60_000,
  );

  test("TypeORM's storage and MetadataUtils are TypeORM's again after builds that overlap", async () => {
    const { MetadataUtils } = createRequire(import.meta.url)("typeorm/metadata-builder/MetadataUtils.js") as {
      MetadataUtils: { isInherited: unknown };
    };
    const isInherited = MetadataUtils.isInherited;
    const storage = (await loadModel(models[0]!)).typeorm.getMetadataArgsStorage!() as object;
    const filterColumns = (storage as { filterColumns: unknown }).filterColumns;
    // The first build ends while the second still runs: each must leave what it found.
    const build = () => {
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const running = withIndexedMetadataArgs(storage, () => withInheritanceCache(MetadataUtils, () => done));
      return { running, finish };
    };
    const first = build();
    const second = build();
    expect(MetadataUtils.isInherited).not.toBe(isInherited);
    first.finish();
    await first.running;
    second.finish();
    await second.running;
    expect(MetadataUtils.isInherited).toBe(isInherited);
    expect((storage as { filterColumns: unknown }).filterColumns).toBe(filterColumns);
    expect(Object.keys(storage).filter((key) => /^(filter|find)/.test(key))).toEqual([]);
  });

  test("the inheritance fixture is what TypeORM makes of it", async () => {
    const loaded = await loadModel(models[0]!);
    const byTable = (table: string) => loaded.dataSource.entityMetadatas.find((e) => e.tableName === table)!;
    const article = byTable("article") as unknown as {
      columns: { databaseName: string; default?: unknown }[];
      relations: { propertyName: string; inverseEntityMetadata: { tableName: string } }[];
    };
    // The base's columns first, the base's `rank` over Named's, both embeddeds, the retyped relation.
    expect(article.columns.map((column) => column.databaseName)).toEqual([
      "id",
      "code",
      "rank",
      "sequenceNo",
      "createdAt",
      "updatedAt",
      "version",
      "title",
      "body",
      "ownerId",
      "auditBy",
      "auditAt",
      "changed_By",
      "changed_At",
    ]);
    expect(article.columns.find((column) => column.databaseName === "rank")!.default).toBe(1);
    expect(article.relations.map((r) => `${r.propertyName}:${r.inverseEntityMetadata.tableName}`)).toEqual([
      "owner:team",
    ]);
    const vehicle = byTable("vehicle") as unknown as { childEntityMetadatas: { targetName: string }[] };
    expect(vehicle.childEntityMetadatas.map((child) => child.targetName)).toEqual(["Car", "Truck", "Tipper"]);
  });
});
