/** What `check --shadow` notes when a downgrade restores a table with its columns in another order. */
import { describe, expect, test } from "vitest";
import type { Schema } from "../../src/schema/ir.js";
import { columnOrderChanges } from "../../src/shadow/column-order.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const id = col("id", "integer", { nullable: false });
const name = col("name", "text");
const avatar = col("avatar", "text");
const users = (...columns: ReturnType<typeof col>[]) => tbl("users", columns, ["id"]);

test.for<[string, Schema, Schema, string[]]>([
  ["the same order", schemaOf(users(id, name, avatar)), schemaOf(users(id, name, avatar)), []],
  [
    "a column re-added at the end",
    schemaOf(users(id, avatar, name)),
    schemaOf(users(id, name, avatar)),
    ["table public.users: columns id, name, avatar (before the upgrade: id, avatar, name)"],
  ],
  [
    "a table in another schema is named with its schema",
    schemaOf(tbl("t", [id, name], undefined, "audit")),
    schemaOf(tbl("t", [name, id], undefined, "audit")),
    ["table audit.t: columns name, id (before the upgrade: id, name)"],
  ],
  // A missing or extra column is a failure schemaDifferences reports; the order is then beside the point.
  ["a column left behind", schemaOf(users(id, name)), schemaOf(users(id, avatar, name)), []],
  ["a column missing", schemaOf(users(id, avatar, name)), schemaOf(users(name, id)), []],
  ["a table only on one side", schemaOf(users(id)), schemaOf(), []],
])("%s", ([, before, after, lines]) => {
  expect(columnOrderChanges(before, after)).toEqual(lines);
});

describe("after an earlier downgrade moved a column (it stays at the end the rest of the way down)", () => {
  const bio = col("bio", "text");
  const x = col("x", "text");
  // The downgrade before this one (of a later revision) re-added avatar at the end.
  const earlier = {
    before: schemaOf(users(id, avatar, name, bio)),
    after: schemaOf(users(id, name, bio, avatar)),
  };

  test("the same displacement is not noted again", () => {
    expect(
      columnOrderChanges(schemaOf(users(id, avatar, name)), schemaOf(users(id, name, avatar)), earlier),
    ).toEqual([]);
  });

  test("a column this downgrade re-adds is", () => {
    expect(
      columnOrderChanges(schemaOf(users(id, x, avatar, name)), schemaOf(users(id, name, avatar, x)), earlier),
    ).toEqual(["table public.users: columns id, name, avatar, x (before the upgrade: id, x, avatar, name)"]);
  });
});
