/**
 * The constraints comparator (src/diff/compare/constraints.ts) as a table of `{ from, to, operations }`:
 * uniques, checks, exclusions, foreign keys and indexes are matched by name; a changed definition is a
 * drop and an add, the same definition under a new name a rename. Phases order what one table's
 * changes need: foreign keys dropped first and added last, constraints before indexes.
 */
import { describe, expect, test } from "vitest";
import { diffSchemas } from "../../src/diff/index.js";
import type { Operation } from "../../src/ops/operations.js";
import type {
  CheckConstraint,
  ExclusionConstraint,
  ForeignKey,
  Index,
  Schema,
  Table,
  UniqueConstraint,
} from "../../src/schema/ir.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const uq = (name: string, columns: string[], extra: Partial<UniqueConstraint> = {}): UniqueConstraint => ({
  kind: "unique",
  name,
  columns,
  nullsNotDistinct: false,
  deferrable: "not deferrable",
  ...extra,
});
const chk = (name: string, expression: string): CheckConstraint => ({ kind: "check", name, expression });
const exc = (name: string, definition: string): ExclusionConstraint => ({
  kind: "exclusion",
  name,
  definition,
});
const fk = (name: string, columns: string[], extra: Partial<ForeignKey> = {}): ForeignKey => ({
  kind: "foreignKey",
  name,
  columns,
  referencedSchema: "public",
  referencedTable: "team",
  referencedColumns: ["id"],
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferrable: "not deferrable",
  ...extra,
});
const idx = (name: string, columns: string[], extra: Partial<Index> = {}): Index => ({
  kind: "index",
  name,
  unique: false,
  method: "btree",
  elements: columns.map((value) => ({ value, expression: false, descending: false })),
  include: [],
  nullsNotDistinct: false,
  ...extra,
});

type Constraints = Partial<Pick<Table, "uniques" | "checks" | "exclusions" | "foreignKeys" | "indexes">>;

const team = tbl("team", [col("id", "integer", { nullable: false })], ["id"]);
/** `person` with the given constraints, next to the `team` its foreign keys point at. */
const person = (constraints: Constraints = {}): Table => ({
  ...tbl(
    "person",
    [
      col("id", "integer", { nullable: false }),
      col("email", "text"),
      col("name", "text"),
      col("age", "integer"),
      col("teamId", "integer"),
      col("during", "tstzrange"),
    ],
    ["id"],
  ),
  ...constraints,
});
const model = (constraints: Constraints = {}): Schema => schemaOf(person(constraints), team);

/** The operation on `person`: `{ kind: "addUnique", unique }` → with its schema and table. */
const on = (op: Record<string, unknown>): Operation =>
  ({ kind: op.kind, schema: "public", table: "person", ...op }) as Operation;

interface Case {
  readonly name: string;
  readonly from: Schema;
  readonly to: Schema;
  /** Exactly the operations, in order. */
  readonly operations: readonly Operation[];
}

const EMAIL_UQ = uq("UQ_email", ["email"]);
const AGE_CHECK = chk("CHK_age", "((age >= 0))");
const DURING_EXCLUSION = exc("XCL_during", "EXCLUDE USING gist (during WITH &&)");
const TEAM_FK = fk("FK_team", ["teamId"]);
const NAME_IDX = idx("IDX_name", ["name"]);

const uniques: Case[] = [
  {
    name: "unique: the same on both sides gives nothing",
    from: model({ uniques: [EMAIL_UQ] }),
    to: model({ uniques: [EMAIL_UQ] }),
    operations: [],
  },
  {
    name: "unique: added",
    from: model(),
    to: model({ uniques: [EMAIL_UQ] }),
    operations: [on({ kind: "addUnique", unique: EMAIL_UQ })],
  },
  {
    name: "unique: removed",
    from: model({ uniques: [EMAIL_UQ] }),
    to: model(),
    operations: [on({ kind: "dropUnique", unique: EMAIL_UQ })],
  },
  {
    name: "unique: other columns under the same name is dropped, then added",
    from: model({ uniques: [uq("UQ_x", ["email"])] }),
    to: model({ uniques: [uq("UQ_x", ["email", "name"])] }),
    operations: [
      on({ kind: "dropUnique", unique: uq("UQ_x", ["email"]) }),
      on({ kind: "addUnique", unique: uq("UQ_x", ["email", "name"]) }),
    ],
  },
  {
    name: "unique: the column order is part of the definition",
    from: model({ uniques: [uq("UQ_x", ["email", "name"])] }),
    to: model({ uniques: [uq("UQ_x", ["name", "email"])] }),
    operations: [
      on({ kind: "dropUnique", unique: uq("UQ_x", ["email", "name"]) }),
      on({ kind: "addUnique", unique: uq("UQ_x", ["name", "email"]) }),
    ],
  },
  {
    name: "unique: made deferrable",
    from: model({ uniques: [EMAIL_UQ] }),
    to: model({ uniques: [uq("UQ_email", ["email"], { deferrable: "initially deferred" })] }),
    operations: [
      on({ kind: "dropUnique", unique: EMAIL_UQ }),
      on({ kind: "addUnique", unique: uq("UQ_email", ["email"], { deferrable: "initially deferred" }) }),
    ],
  },
  {
    name: "unique: NULLS NOT DISTINCT",
    from: model({ uniques: [EMAIL_UQ] }),
    to: model({ uniques: [uq("UQ_email", ["email"], { nullsNotDistinct: true })] }),
    operations: [
      on({ kind: "dropUnique", unique: EMAIL_UQ }),
      on({ kind: "addUnique", unique: uq("UQ_email", ["email"], { nullsNotDistinct: true }) }),
    ],
  },
  {
    name: "unique: the same definition under a new name is renamed",
    from: model({ uniques: [EMAIL_UQ] }),
    to: model({ uniques: [uq("UQ_new", ["email"])] }),
    operations: [on({ kind: "renameConstraint", from: "UQ_email", to: "UQ_new" })],
  },
];

const checks: Case[] = [
  {
    name: "check: added",
    from: model(),
    to: model({ checks: [AGE_CHECK] }),
    operations: [on({ kind: "addCheck", check: AGE_CHECK })],
  },
  {
    name: "check: removed",
    from: model({ checks: [AGE_CHECK] }),
    to: model(),
    operations: [on({ kind: "dropCheck", check: AGE_CHECK })],
  },
  {
    name: "check: another expression under the same name is dropped, then added",
    from: model({ checks: [AGE_CHECK] }),
    to: model({ checks: [chk("CHK_age", "((age > 0))")] }),
    operations: [
      on({ kind: "dropCheck", check: AGE_CHECK }),
      on({ kind: "addCheck", check: chk("CHK_age", "((age > 0))") }),
    ],
  },
  {
    name: "check: the same expression under a new name is renamed",
    from: model({ checks: [AGE_CHECK] }),
    to: model({ checks: [chk("CHK_adult", "((age >= 0))")] }),
    operations: [on({ kind: "renameConstraint", from: "CHK_age", to: "CHK_adult" })],
  },
  {
    name: "check: one renamed and one changed in one table, each on its own",
    from: model({ checks: [AGE_CHECK, chk("CHK_name", "((name <> ''::text))")] }),
    to: model({ checks: [chk("CHK_adult", "((age >= 0))"), chk("CHK_name", "((length(name) > 1))")] }),
    operations: [
      on({ kind: "renameConstraint", from: "CHK_age", to: "CHK_adult" }),
      on({ kind: "dropCheck", check: chk("CHK_name", "((name <> ''::text))") }),
      on({ kind: "addCheck", check: chk("CHK_name", "((length(name) > 1))") }),
    ],
  },
];

const exclusions: Case[] = [
  {
    name: "exclusion: added",
    from: model(),
    to: model({ exclusions: [DURING_EXCLUSION] }),
    operations: [on({ kind: "addExclusion", exclusion: DURING_EXCLUSION })],
  },
  {
    name: "exclusion: removed",
    from: model({ exclusions: [DURING_EXCLUSION] }),
    to: model(),
    operations: [on({ kind: "dropExclusion", exclusion: DURING_EXCLUSION })],
  },
  {
    name: "exclusion: another definition under the same name is dropped, then added",
    from: model({ exclusions: [DURING_EXCLUSION] }),
    to: model({ exclusions: [exc("XCL_during", "EXCLUDE USING gist (age WITH =, during WITH &&)")] }),
    operations: [
      on({ kind: "dropExclusion", exclusion: DURING_EXCLUSION }),
      on({
        kind: "addExclusion",
        exclusion: exc("XCL_during", "EXCLUDE USING gist (age WITH =, during WITH &&)"),
      }),
    ],
  },
  {
    name: "exclusion: the same definition under a new name is renamed",
    from: model({ exclusions: [DURING_EXCLUSION] }),
    to: model({ exclusions: [exc("XCL_new", DURING_EXCLUSION.definition)] }),
    operations: [on({ kind: "renameConstraint", from: "XCL_during", to: "XCL_new" })],
  },
];

const foreignKeys: Case[] = [
  {
    name: "foreign key: added",
    from: model(),
    to: model({ foreignKeys: [TEAM_FK] }),
    operations: [on({ kind: "addForeignKey", foreignKey: TEAM_FK })],
  },
  {
    name: "foreign key: removed",
    from: model({ foreignKeys: [TEAM_FK] }),
    to: model(),
    operations: [on({ kind: "dropForeignKey", foreignKey: TEAM_FK })],
  },
  {
    name: "foreign key: another ON DELETE is dropped, then added",
    from: model({ foreignKeys: [TEAM_FK] }),
    to: model({ foreignKeys: [fk("FK_team", ["teamId"], { onDelete: "CASCADE" })] }),
    operations: [
      on({ kind: "dropForeignKey", foreignKey: TEAM_FK }),
      on({ kind: "addForeignKey", foreignKey: fk("FK_team", ["teamId"], { onDelete: "CASCADE" }) }),
    ],
  },
  {
    name: "foreign key: another referenced table under the same name is dropped, then added",
    from: schemaOf(person({ foreignKeys: [TEAM_FK] }), team, tbl("squad", [col("id", "integer")], ["id"])),
    to: schemaOf(
      person({ foreignKeys: [fk("FK_team", ["teamId"], { referencedTable: "squad" })] }),
      team,
      tbl("squad", [col("id", "integer")], ["id"]),
    ),
    operations: [
      on({ kind: "dropForeignKey", foreignKey: TEAM_FK }),
      on({ kind: "addForeignKey", foreignKey: fk("FK_team", ["teamId"], { referencedTable: "squad" }) }),
    ],
  },
  {
    name: "foreign key: made deferrable",
    from: model({ foreignKeys: [TEAM_FK] }),
    to: model({ foreignKeys: [fk("FK_team", ["teamId"], { deferrable: "initially immediate" })] }),
    operations: [
      on({ kind: "dropForeignKey", foreignKey: TEAM_FK }),
      on({
        kind: "addForeignKey",
        foreignKey: fk("FK_team", ["teamId"], { deferrable: "initially immediate" }),
      }),
    ],
  },
  {
    name: "foreign key: the same definition under a new name is renamed",
    from: model({ foreignKeys: [TEAM_FK] }),
    to: model({ foreignKeys: [fk("FK_new", ["teamId"])] }),
    operations: [on({ kind: "renameConstraint", from: "FK_team", to: "FK_new" })],
  },
];

const indexes: Case[] = [
  {
    name: "index: added",
    from: model(),
    to: model({ indexes: [NAME_IDX] }),
    operations: [on({ kind: "createIndex", index: NAME_IDX })],
  },
  {
    name: "index: made unique is dropped, then created",
    from: model({ indexes: [NAME_IDX] }),
    to: model({ indexes: [idx("IDX_name", ["name"], { unique: true })] }),
    operations: [
      on({ kind: "dropIndex", index: NAME_IDX }),
      on({ kind: "createIndex", index: idx("IDX_name", ["name"], { unique: true }) }),
    ],
  },
  {
    name: "index: the same definition under a new name is renamed (an index rename names no table)",
    from: model({ indexes: [NAME_IDX] }),
    to: model({ indexes: [idx("IDX_new", ["name"])] }),
    operations: [{ kind: "renameIndex", schema: "public", from: "IDX_name", to: "IDX_new" }],
  },
];

/** Several kinds at once: the phases, not the comparator's loop, decide the order. */
const together: Case[] = [
  {
    name: "every kind replaced at once: foreign keys dropped first and added last",
    from: model({
      uniques: [EMAIL_UQ],
      checks: [AGE_CHECK],
      exclusions: [DURING_EXCLUSION],
      foreignKeys: [TEAM_FK],
      indexes: [NAME_IDX],
    }),
    to: model({
      uniques: [uq("UQ_email", ["email", "name"])],
      checks: [chk("CHK_age", "((age > 0))")],
      exclusions: [exc("XCL_during", "EXCLUDE USING gist (age WITH =, during WITH &&)")],
      foreignKeys: [fk("FK_team", ["teamId"], { onDelete: "SET NULL" })],
      indexes: [idx("IDX_name", ["name", "email"])],
    }),
    operations: [
      on({ kind: "dropForeignKey", foreignKey: TEAM_FK }),
      on({ kind: "dropIndex", index: NAME_IDX }),
      on({ kind: "dropUnique", unique: EMAIL_UQ }),
      on({ kind: "dropCheck", check: AGE_CHECK }),
      on({ kind: "dropExclusion", exclusion: DURING_EXCLUSION }),
      on({ kind: "addUnique", unique: uq("UQ_email", ["email", "name"]) }),
      on({ kind: "addCheck", check: chk("CHK_age", "((age > 0))") }),
      on({
        kind: "addExclusion",
        exclusion: exc("XCL_during", "EXCLUDE USING gist (age WITH =, during WITH &&)"),
      }),
      on({ kind: "createIndex", index: idx("IDX_name", ["name", "email"]) }),
      on({ kind: "addForeignKey", foreignKey: fk("FK_team", ["teamId"], { onDelete: "SET NULL" }) }),
    ],
  },
  {
    name: "a created table's indexes and foreign keys are operations of their own, after it",
    from: schemaOf(team),
    to: model({ uniques: [EMAIL_UQ], foreignKeys: [TEAM_FK], indexes: [NAME_IDX] }),
    operations: [
      { kind: "createTable", table: person({ uniques: [EMAIL_UQ] }) },
      on({ kind: "createIndex", index: NAME_IDX }),
      on({ kind: "addForeignKey", foreignKey: TEAM_FK }),
    ],
  },
  {
    name: "a dropped table's foreign keys and indexes go before it",
    from: model({ uniques: [EMAIL_UQ], foreignKeys: [TEAM_FK], indexes: [NAME_IDX] }),
    to: schemaOf(team),
    operations: [
      on({ kind: "dropForeignKey", foreignKey: TEAM_FK }),
      on({ kind: "dropIndex", index: NAME_IDX }),
      {
        kind: "dropTable",
        table: person({ uniques: [EMAIL_UQ] }),
        hazards: [
          { kind: "data-loss", reason: "no entity maps to table person: dropping it deletes every row" },
        ],
      },
    ],
  },
];

describe("diffSchemas: uniques, checks, exclusions, foreign keys and indexes", () => {
  test.for([...uniques, ...checks, ...exclusions, ...foreignKeys, ...indexes, ...together])(
    "$name",
    ({ from, to, operations }) => {
      expect(diffSchemas(from, to).operations).toEqual(operations);
    },
  );
});
