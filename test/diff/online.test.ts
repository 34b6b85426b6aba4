/** --online rewrites long-locking changes on existing tables into their short-lock forms. */
import { expect, test } from "vitest";
import { annotateHazards } from "../../src/diff/hazards.js";
import { onlineOperations } from "../../src/diff/online.js";
import type { Operation } from "../../src/ops/operations.js";
import { reverseAll } from "../../src/ops/reverse.js";
import { toSql } from "../../src/ops/sql.js";
import { col, tbl, vw } from "../support/ir-builders.js";

const facts = { withRows: new Set(["public.users"]), large: new Set(["public.users"]) };
const index: Operation = {
  kind: "createIndex",
  schema: "public",
  table: "users",
  index: {
    kind: "index",
    name: "IDX_users_email",
    unique: false,
    method: "btree",
    elements: [{ value: "email", expression: false, descending: false }],
    include: [],
    nullsNotDistinct: false,
  },
};
const setNotNull: Operation = {
  kind: "alterColumn",
  schema: "public",
  table: "users",
  column: "email",
  existing: col("email", "text"),
  modify: { nullable: false },
};

test("an index on an existing table is built concurrently, and is no longer a long lock", () => {
  const [op] = onlineOperations(annotateHazards([index], facts));
  expect(op).toMatchObject({ kind: "createIndex", concurrently: true });
  expect(op!.hazards).toBeUndefined();
  expect(toSql(op!)).toEqual([
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS "IDX_users_email" ON "public"."users" USING btree ("email")',
  ]);
});

test("SET NOT NULL goes through a validated check; the downgrade undoes it in reverse", () => {
  const ops = onlineOperations(annotateHazards([setNotNull], facts));
  expect(ops.flatMap(toSql)).toEqual([
    'ALTER TABLE "public"."users" ADD CONSTRAINT "users_email_not_null" CHECK ((email IS NOT NULL)) NOT VALID',
    'ALTER TABLE "public"."users" VALIDATE CONSTRAINT "users_email_not_null"',
    'ALTER TABLE "public"."users" ALTER COLUMN "email" SET NOT NULL',
    'ALTER TABLE "public"."users" DROP CONSTRAINT "users_email_not_null"',
  ]);
  expect(ops[2]!.hazards?.map((h) => h.kind)).toEqual(["failure-risk"]);
  expect(reverseAll(ops).map((op) => op.kind)).toEqual([
    "addCheck",
    "alterColumn",
    "validateConstraint",
    "dropCheck",
  ]);
});

test("operations on a table created in the same migration stay as they are", () => {
  const created: Operation = { kind: "createTable", table: tbl("users", [col("email", "text")]) };
  expect(onlineOperations([created, index])).toEqual([created, index]);
});

test("an index on a materialized view the migration creates is not built concurrently", () => {
  const created: Operation = {
    kind: "createView",
    view: vw("users", "SELECT 1 AS email", { materialized: true }),
  };
  expect(onlineOperations([created, index])).toEqual([created, index]);
});

/** The helper check's name (`<table>_<column>_not_null`), cut to 63 bytes as the server stores it. */
test.for([
  { name: "ASCII: the first 63 characters", table: "t".repeat(60), cut: `${"t".repeat(60)}_em` },
  { name: "é (2 bytes): 31 whole characters, 62 bytes", table: "é".repeat(40), cut: "é".repeat(31) },
  // 63 bytes end inside the 16th crab (and 63 UTF-16 units inside the 32nd): 15 whole ones, 60 bytes.
  { name: "an emoji (4 bytes) is never split", table: "🦀".repeat(40), cut: "🦀".repeat(15) },
])("a long table name in the SET NOT NULL check, $name", ({ table, cut }) => {
  const ops = onlineOperations([{ ...setNotNull, table }]);
  const names = ops.flatMap((op) =>
    op.kind === "addCheck" || op.kind === "dropCheck"
      ? [op.check.name]
      : op.kind === "validateConstraint"
        ? [op.name]
        : [],
  );
  expect(names).toEqual([cut, cut, cut]);
  expect(Buffer.byteLength(cut, "utf8")).toBeLessThanOrEqual(63);
  // Whole characters only: a lone half of a surrogate pair would not survive the round trip.
  expect(Buffer.from(cut, "utf8").toString("utf8")).toBe(cut);
});
