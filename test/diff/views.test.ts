/**
 * The views comparator (src/diff/compare/views.ts) and a materialized view's indexes
 * (src/diff/compare/view-indexes.ts), one row per case: the operations `from` → `to` gives, in order.
 */
import { describe, expect, test } from "vitest";
import { diffSchemas } from "../../src/diff/index.js";
import type { Operation } from "../../src/ops/operations.js";
import { reverseAll } from "../../src/ops/reverse.js";
import type { Index, Schema, Table, View } from "../../src/schema/ir.js";
import { col, idx, schemaOf, tbl, vw } from "../support/ir-builders.js";

const sale = (...extra: ReturnType<typeof col>[]) =>
  tbl("sale", [col("id", "integer", { nullable: false }), col("region", "text"), ...extra], ["id"]);
const db = (views: View[], tables: Table[] = [sale()]): Schema => ({ ...schemaOf(...tables), views });

const TOTALS = "SELECT region, sum(amount) AS total FROM sale GROUP BY region";
const totals = (indexes: Index[] = [], definition = TOTALS) =>
  vw("region_total", definition, { materialized: true, indexes });
const byRegion = idx("ux_region_total_region", ["region"], { unique: true });
const byTotal = idx("IDX_total", ["total"], { where: "(total > 0)" });

/** The operations on a view as the differ emits them: the view bare, each index its own operation. */
const createView = (view: View): Operation => ({ kind: "createView", view: { ...view, indexes: [] } });
const dropView = (view: View): Operation => ({ kind: "dropView", view: { ...view, indexes: [] } });
const createIndex = (index: Index, table = "region_total"): Operation => ({
  kind: "createIndex",
  schema: "public",
  table,
  index,
});
const dropIndex = (index: Index, table = "region_total"): Operation => ({
  kind: "dropIndex",
  schema: "public",
  table,
  index,
});

interface Row {
  name: string;
  from: Schema;
  to: Schema;
  /** Each expected operation, compared as a subset of the actual one (arrays in full). */
  operations: Partial<Operation>[];
}

const big = vw("big_sale", "SELECT id, region FROM sale WHERE amount > 100");
const bigChanged = vw("big_sale", "SELECT id FROM sale WHERE amount > 100");
const bigRegions = vw("big_sale_region", "SELECT region, count(*) AS n FROM big_sale GROUP BY region");
const bigRegionsMat = vw("big_sale_region", bigRegions.definition, {
  materialized: true,
  indexes: [idx("ux_big_sale_region", ["region"], { unique: true })],
});

const views: Row[] = [
  {
    name: "identical views give nothing",
    from: db([big, totals()]),
    to: db([big, totals()]),
    operations: [],
  },
  {
    name: "an added view is created",
    from: db([]),
    to: db([big]),
    operations: [createView(big)],
  },
  {
    name: "a view no entity maps to is dropped",
    from: db([big]),
    to: db([]),
    operations: [dropView(big)],
  },
  {
    name: "a changed query drops the view and creates it again",
    from: db([big]),
    to: db([bigChanged]),
    operations: [dropView(big), createView(bigChanged)],
  },
  {
    name: "a view made materialized is re-created as one",
    from: db([big]),
    to: db([{ ...big, materialized: true }]),
    operations: [dropView(big), createView({ ...big, materialized: true })],
  },
  {
    name: "a view reading a changed view is dropped first and created after it",
    from: db([big, bigRegions]),
    to: db([bigChanged, bigRegions]),
    operations: [dropView(bigRegions), dropView(big), createView(bigChanged), createView(bigRegions)],
  },
  {
    name: "new views are created dependencies first, whatever the model's order",
    from: db([]),
    to: db([bigRegions, big]),
    operations: [createView(big), createView(bigRegions)],
  },
  {
    name: "a view reading a table whose column changes type is re-created around the change",
    from: db([big]),
    to: db(
      [big],
      [
        tbl(
          "sale",
          [col("id", "integer", { nullable: false }), col("region", "character varying(20)")],
          ["id"],
        ),
      ],
    ),
    operations: [
      dropView(big),
      { kind: "alterColumn", table: "sale", column: "region" } as Partial<Operation>,
      createView(big),
    ],
  },
  {
    name: "a view reading a table that loses a column is re-created around the drop",
    from: db([big], [sale(col("note", "text"))]),
    to: db([big]),
    operations: [dropView(big), { kind: "dropColumn", table: "sale" } as Partial<Operation>, createView(big)],
  },
  {
    name: "a column added to the table leaves its views alone",
    from: db([big]),
    to: db([big], [sale(col("note", "text"))]),
    operations: [{ kind: "addColumn", table: "sale" } as Partial<Operation>],
  },
  {
    name: "a table is matched as a whole name: a change to sale leaves a view of sale_archive alone",
    from: db([vw("old_sale", "SELECT id FROM sale_archive")], [sale(col("note", "text"))]),
    to: db([vw("old_sale", "SELECT id FROM sale_archive")]),
    operations: [{ kind: "dropColumn", table: "sale" } as Partial<Operation>],
  },
  {
    name: "views of the same name in two schemas are two views",
    from: db([big]),
    to: db([big, { ...big, schema: "audit" }]),
    operations: [createView({ ...big, schema: "audit" })],
  },
];

const viewIndexes: Row[] = [
  {
    name: "a new materialized view is created bare, then its indexes",
    from: db([]),
    to: db([totals([byTotal, byRegion])]),
    operations: [createView(totals()), createIndex(byTotal), createIndex(byRegion)],
  },
  {
    name: "an index added to a materialized view that stays is created on it",
    from: db([totals()]),
    to: db([totals([byRegion])]),
    operations: [createIndex(byRegion)],
  },
  {
    name: "an index removed from a materialized view that stays is dropped",
    from: db([totals([byTotal, byRegion])]),
    to: db([totals([byRegion])]),
    operations: [dropIndex(byTotal)],
  },
  {
    name: "an index whose definition changes under the same name is dropped and created again",
    from: db([totals([byRegion])]),
    to: db([totals([{ ...byRegion, elements: [...byRegion.elements, ...byTotal.elements] }])]),
    operations: [
      dropIndex(byRegion),
      createIndex({ ...byRegion, elements: [...byRegion.elements, ...byTotal.elements] }),
    ],
  },
  {
    name: "the same index under a new name is renamed",
    from: db([totals([byRegion])]),
    to: db([totals([{ ...byRegion, name: "ux_region" }])]),
    operations: [{ kind: "renameIndex", schema: "public", from: byRegion.name, to: "ux_region" }],
  },
  {
    name: "a changed query drops the indexes and the view, then creates the view and the indexes",
    from: db([totals([byTotal, byRegion])]),
    to: db([totals([byTotal, byRegion], `${TOTALS} HAVING count(*) > 1`)]),
    operations: [
      dropIndex(byTotal),
      dropIndex(byRegion),
      dropView(totals()),
      createView(totals([], `${TOTALS} HAVING count(*) > 1`)),
      createIndex(byTotal),
      createIndex(byRegion),
    ],
  },
  {
    name: "a re-created view gets the new model's indexes, not the old ones",
    from: db([totals([byTotal])]),
    to: db([totals([byRegion], `${TOTALS} HAVING count(*) > 1`)]),
    operations: [
      dropIndex(byTotal),
      dropView(totals()),
      createView(totals([], `${TOTALS} HAVING count(*) > 1`)),
      createIndex(byRegion),
    ],
  },
  {
    name: "a removed materialized view has its indexes dropped before it",
    from: db([totals([byRegion])]),
    to: db([]),
    operations: [dropIndex(byRegion), dropView(totals())],
  },
  {
    name: "an unchanged materialized view reading a changed view is re-created with its indexes",
    from: db([big, bigRegionsMat]),
    to: db([bigChanged, bigRegionsMat]),
    operations: [
      dropIndex(bigRegionsMat.indexes[0]!, "big_sale_region"),
      dropView(bigRegionsMat),
      dropView(big),
      createView(bigChanged),
      createView(bigRegionsMat),
      createIndex(bigRegionsMat.indexes[0]!, "big_sale_region"),
    ],
  },
  {
    name: "a materialized view reading a table whose column changes is re-created with its indexes",
    from: db([totals([byRegion])]),
    to: db(
      [totals([byRegion])],
      [
        tbl(
          "sale",
          [col("id", "integer", { nullable: false }), col("region", "character varying(20)")],
          ["id"],
        ),
      ],
    ),
    operations: [
      dropIndex(byRegion),
      dropView(totals()),
      { kind: "alterColumn", table: "sale", column: "region" } as Partial<Operation>,
      createView(totals()),
      createIndex(byRegion),
    ],
  },
  {
    name: "a materialized view in another schema has its indexes there",
    from: db([]),
    to: db([{ ...totals([byRegion]), schema: "audit" }]),
    operations: [
      createView({ ...totals(), schema: "audit" }),
      { ...createIndex(byRegion), schema: "audit" } as Partial<Operation>,
    ],
  },
];

describe("diffSchemas: views", () => {
  test.for(views)("$name", ({ from, to, operations }) => {
    const actual = diffSchemas(from, to).operations;
    expect(actual).toHaveLength(operations.length);
    for (const [i, op] of actual.entries()) expect(op).toMatchObject(operations[i]!);
  });
});

describe("diffSchemas: indexes of materialized views", () => {
  test.for(viewIndexes)("$name", ({ from, to, operations }) => {
    const actual = diffSchemas(from, to).operations;
    expect(actual).toHaveLength(operations.length);
    for (const [i, op] of actual.entries()) expect(op).toMatchObject(operations[i]!);
  });

  test("the downgrade of a query change creates the old view again, then its old indexes", () => {
    const from = db([totals([byTotal])]);
    const to = db([totals([byRegion], `${TOTALS} HAVING count(*) > 1`)]);
    expect(reverseAll(diffSchemas(from, to).operations)).toEqual([
      dropIndex(byRegion),
      dropView(totals([], `${TOTALS} HAVING count(*) > 1`)),
      createView(totals()),
      createIndex(byTotal),
    ]);
  });

  test("an index change on a view that stays is a detection, so check reports it", () => {
    const { detections } = diffSchemas(db([totals()]), db([totals([byRegion])]));
    expect(detections).toEqual([`Detected added index '${byRegion.name}' on 'region_total'`]);
  });
});
