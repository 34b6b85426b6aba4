/**
 * The piecewise canonicalisation (src/canonicalise/canonical-pieces.ts) against the reference: the
 * same model created whole in scratch schemas and read back. They must serialise identically, for
 * every model of the oracle pairs (which cover every feature retort supports) and for hand-made models
 * that mix pieced tables with tables that must be created whole, or that PostgreSQL must refuse.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { planPieces } from "../../src/canonicalise/canonical-pieces.js";
import { canonicalise, canonicaliseByCreation } from "../../src/canonicalise/canonicalise.js";
import { loadRawModel } from "../../src/canonicalise/index.js";
import type { Column, Schema, Table } from "../../src/schema/ir.js";
import { emptySchema, table } from "../../src/schema/ir.js";
import { ORACLE_PAIRS } from "../fixtures/oracle-pairs/manifest.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";

const pairsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/oracle-pairs");

const column = (name: string, type: string, extra: Partial<Column> = {}): Column => ({
  kind: "column",
  name,
  type,
  nullable: true,
  ...extra,
});

const parent: Table = {
  ...table("public", "parent", [column("id", "int", { nullable: false }), column("code", "varchar(10)")], {
    kind: "primaryKey",
    name: "PK_parent",
    columns: ["id"],
  }),
  uniques: [
    {
      kind: "unique",
      name: "UQ_code",
      columns: ["code"],
      nullsNotDistinct: false,
      deferrable: "not deferrable",
    },
  ],
  comment: "the parent's 'table'",
};

const child: Table = {
  ...table(
    "public",
    "child",
    [
      column("id", "uuid", { nullable: true, default: "gen_random_uuid()" }),
      column("parent_id", "int"),
      column("amount", "numeric(12,2)", { default: "0" }),
      column("name", "TEXT", { collation: "C", comment: "a name" }),
      column("seq", "integer", { serial: true }),
    ],
    { kind: "primaryKey", name: "PK_child", columns: ["id"] },
  ),
  foreignKeys: [
    {
      kind: "foreignKey",
      name: "FK_child_parent",
      columns: ["parent_id"],
      referencedSchema: "public",
      referencedTable: "parent",
      referencedColumns: ["id"],
      onDelete: "CASCADE",
      onUpdate: "NO ACTION",
      deferrable: "initially deferred",
    },
  ],
  indexes: [
    {
      kind: "index",
      name: "IDX_child_name",
      unique: false,
      method: "btree",
      elements: [
        { value: "name", expression: false, descending: true },
        { value: "amount", expression: false, descending: false, nullsFirst: true },
      ],
      include: ["parent_id"],
      nullsNotDistinct: false,
    },
  ],
};

const checked: Table = {
  ...table("public", "checked", [column("id", "int", { nullable: false }), column("n", "smallint")], {
    kind: "primaryKey",
    name: "PK_checked",
    columns: ["id"],
  }),
  checks: [{ kind: "check", name: "CHK_n", expression: "(n > 0)" }],
};

/** A foreign key from bigint to int: valid, but the types differ, so the table is created whole. */
const wide: Table = {
  ...table("public", "wide", [column("id", "bigint", { nullable: false }), column("parent_id", "bigint")], {
    kind: "primaryKey",
    name: "PK_wide",
    columns: ["id"],
  }),
  foreignKeys: [{ ...child.foreignKeys[0]!, name: "FK_wide_parent" }],
};

const model = (...tables: Table[]): Schema => ({ ...emptySchema(), tables });

describeWithDatabase("canonicalising piece by piece", () => {
  const db = useDatabase("retort_canonical_pieces");
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: db().url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  /** Both canonicalisations of `schema`, which must serialise identically; returns the piecewise one. */
  const same = async (schema: Schema) => {
    const pieces = await canonicalise(client, schema);
    const whole = await canonicaliseByCreation(client, schema);
    expect(JSON.stringify(pieces)).toBe(JSON.stringify(whole));
    return pieces;
  };

  test("plain tables, a table with a check and a foreign key across types mixed", async () => {
    const schema = model(checked, child, parent, wide);
    const plan = planPieces(schema, "public")!;
    expect([...plan.wholeKeys].sort()).toEqual(["public.checked", "public.wide"]);
    await same(schema);
  });

  test("a model PostgreSQL refuses fails with PostgreSQL's own message", async () => {
    const broken = model({ ...parent, columns: [...parent.columns, column("bad", "no_such_type")] });
    await expect(canonicalise(client, broken)).rejects.toThrow(/type "no_such_type" does not exist/);
    // A structure that would be renamed or refused is created whole.
    const twice = model(parent, { ...checked, name: "PK_parent" });
    expect(planPieces(twice, "public")).toBeUndefined();
  });

  test("the caller's work while the server creates the model: run once, before the answer; its error ignored", async () => {
    const schema = model(child, parent);
    const reference = await canonicalise(client, schema);
    const events: string[] = [];
    const answered = canonicalise(client, schema, "public", () => {
      events.push("whileWaiting");
      throw new Error("the caller's own work failed");
    }).then((read) => {
      events.push("answered");
      return read;
    });
    expect(JSON.stringify(await answered)).toBe(JSON.stringify(reference));
    expect(events).toEqual(["whileWaiting", "answered"]);
  });

  const sides = ORACLE_PAIRS.flatMap((pair) =>
    (["before", "after"] as const).map((model) => {
      const dir = path.join(pairsDir, pair.dir);
      // An empty side (a .gitkeep only) is the model with no entities: a pair that creates every table.
      const empty = !readdirSync(path.join(dir, model)).some((file) => file.endsWith(".ts"));
      return { pair, model, dir, empty };
    }),
  );

  test("some oracle pair has a side with no entities, so the empty model is covered", () => {
    expect(sides.filter((side) => side.empty).length).toBeGreaterThan(0);
  });

  test.for(sides)("oracle pair $pair.dir ($model)", async ({ model, dir, empty }) => {
    if (empty) {
      // Nothing to load (the loader refuses a glob that matches no file): the model is the empty
      // schema, and PostgreSQL spells it as the empty schema.
      expect(await same(emptySchema())).toEqual(emptySchema());
    } else {
      const dataSource = path.join(dir, "data-source.ts");
      const raw = await loadRawModel({
        cwd: dir,
        entities: [`${model}/**/*.ts`],
        ...(existsSync(dataSource) ? { dataSource: "data-source.ts" } : {}),
      });
      expect(raw.schema.tables.length + raw.schema.views.length).toBeGreaterThan(0);
      for (const schema of raw.schema.namespaces)
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
      await same(raw.schema);
    }
  });
});
