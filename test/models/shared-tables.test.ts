/**
 * Several definitions of one table (src/models/shared-tables.ts), merged as TypeORM's synchronize()
 * merges them: a table of rows `{ definitions, merged }` and `{ definitions, error }` on the IR; then
 * the labels and files an error names, from real entities; then the CLI's one FAILED line.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadModel } from "../../src/models/load-model.js";
import { metadataToIr } from "../../src/models/metadata-to-ir.js";
import { mergeSharedTables, type TableDefinition } from "../../src/models/shared-tables.js";
import type { Definition } from "../../src/models/table-definitions.js";
import type { Column, ForeignKey, Index, Table, UniqueConstraint } from "../../src/schema/ir.js";
import { col, tbl } from "../support/ir-builders.js";
import { createProject, type Project } from "../support/project.js";

const entity = (name: string): Definition => ({
  label: `entity ${name} (src/${name}.ts)`,
  rename: '@Entity("…")',
  skippable: true,
});
const closureOf = (name: string): Definition => ({
  label: `the closure table of ${name} (src/${name}.ts)`,
  rename: '@Tree("closure-table", { closureTableName: "…" })',
  skippable: false,
});

/** The definitions of entities A, B, C… in that order, unless one says who it is. */
function definitionsOf(
  ...tables: (Table | { table: Table; enumValues?: Record<string, string[]>; is?: Definition })[]
): TableDefinition[] {
  return tables.map((item, i) => {
    const { table, enumValues = {}, is = entity("ABCDEFGH"[i]!) } = "kind" in item ? { table: item } : item;
    return { table, enumValues: new Map(Object.entries(enumValues)), describe: () => is };
  });
}

const id = col("id", "integer", { nullable: false, serial: true });
const person = (columns: Column[], extra: Partial<Table> = {}): Table => ({
  ...tbl("person", [id, ...columns], ["id"]),
  ...extra,
});
const uq = (name: string, columns: string[]): UniqueConstraint => ({
  kind: "unique",
  name,
  columns,
  nullsNotDistinct: false,
  deferrable: "not deferrable",
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
const fk = (name: string, extra: Partial<ForeignKey> = {}): ForeignKey => ({
  kind: "foreignKey",
  name,
  columns: ["teamId"],
  referencedSchema: "public",
  referencedTable: "team",
  referencedColumns: ["id"],
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferrable: "not deferrable",
  ...extra,
});
const name = col("name", "character varying", { nullable: false });
const email = col("email", "character varying");
const nickname = col("nickname", "character varying");
const teamId = col("teamId", "integer");

const merges: { name: string; definitions: TableDefinition[]; merged: Table[] }[] = [
  {
    name: "one definition is the table itself",
    definitions: definitionsOf(person([name])),
    merged: [person([name])],
  },
  {
    name: "two alike are one",
    definitions: definitionsOf(person([name]), person([name])),
    merged: [person([name])],
  },
  {
    name: "the columns of both, each once, in synchronize()'s order (a column the second lacks is dropped and added back)",
    definitions: definitionsOf(person([email, name]), person([name, nickname])),
    merged: [person([name, email, nickname])],
  },
  {
    name: "three: what every one has, then the first's other columns, then each later one's new ones",
    definitions: definitionsOf(
      person([email, name, teamId]),
      person([name, nickname, teamId]),
      person([teamId, col("visits", "integer")]),
    ),
    merged: [person([teamId, email, name, nickname, col("visits", "integer")])],
  },
  {
    name: "indexes, uniques, checks, exclusions and foreign keys of both, once by name, sorted",
    definitions: definitionsOf(
      person([email, name, teamId], {
        uniques: [uq("UQ_email", ["email"])],
        indexes: [idx("IDX_name", ["name"]), idx("IDX_email", ["email"])],
        checks: [{ kind: "check", name: "CHK_name", expression: "((name <> ''))" }],
        foreignKeys: [fk("FK_team")],
      }),
      person([name, teamId], {
        indexes: [idx("IDX_name", ["name"]), idx("IDX_team", ["teamId"])],
        exclusions: [
          { kind: "exclusion", name: "XCL_team", definition: "EXCLUDE USING gist (teamId WITH =)" },
        ],
        foreignKeys: [fk("FK_team")],
      }),
    ),
    merged: [
      person([name, teamId, email], {
        uniques: [uq("UQ_email", ["email"])],
        indexes: [idx("IDX_email", ["email"]), idx("IDX_name", ["name"]), idx("IDX_team", ["teamId"])],
        checks: [{ kind: "check", name: "CHK_name", expression: "((name <> ''))" }],
        exclusions: [
          { kind: "exclusion", name: "XCL_team", definition: "EXCLUDE USING gist (teamId WITH =)" },
        ],
        foreignKeys: [fk("FK_team")],
      }),
    ],
  },
  {
    name: "one name in two schemas is two tables; each name keeps the place of its first definition",
    definitions: definitionsOf(
      tbl("person", [id], ["id"], "audit"),
      person([name]),
      person([nickname]),
      tbl("person", [id, name], ["id"], "audit"),
    ),
    merged: [tbl("person", [id, name], ["id"], "audit"), person([name, nickname])],
  },
  {
    name: "the same enum column alike in both",
    definitions: definitionsOf(
      { table: person([col("role", '"public"."person_role_enum"')]), enumValues: { role: ["a", "b"] } },
      { table: person([col("role", '"public"."person_role_enum"')]), enumValues: { role: ["a", "b"] } },
    ),
    merged: [person([col("role", '"public"."person_role_enum"')])],
  },
];

const HINT =
  "declare it alike in both, or set synchronize: false on the one that should not create the table";
const cannot = (what: string) => `Two definitions of table public.person cannot be merged: ${what}; ${HINT}`;

const conflicts: { name: string; definitions: TableDefinition[]; error: string }[] = [
  {
    name: "a column's type",
    definitions: definitionsOf(person([name]), person([col("name", "text", { nullable: false })])),
    error: cannot(
      'column "name" is character varying NOT NULL in entity A (src/A.ts) but text NOT NULL in entity B (src/B.ts)',
    ),
  },
  {
    name: "a column's nullability",
    definitions: definitionsOf(
      person([email]),
      person([col("email", "character varying", { nullable: false })]),
    ),
    error: cannot(
      'column "email" is character varying in entity A (src/A.ts) but character varying NOT NULL in entity B (src/B.ts)',
    ),
  },
  {
    name: "a column's default, found between the second and third definitions",
    definitions: definitionsOf(
      person([name]),
      person([col("visits", "integer", { default: "0" })]),
      person([col("visits", "integer", { default: "1" })]),
    ),
    error: cannot(
      'column "visits" is integer DEFAULT 0 in entity B (src/B.ts) but integer DEFAULT 1 in entity C (src/C.ts)',
    ),
  },
  {
    name: "generated by a sequence in one, not in the other (a read model's @PrimaryColumn)",
    definitions: definitionsOf(
      person([]),
      tbl("person", [col("id", "integer", { nullable: false })], ["id"]),
    ),
    error: cannot(
      'column "id" is integer (serial) NOT NULL in entity A (src/A.ts) but integer NOT NULL in entity B (src/B.ts)',
    ),
  },
  {
    name: "unique in one, not in the other",
    definitions: definitionsOf(person([email], { uniques: [uq("UQ_email", ["email"])] }), person([email])),
    error: cannot(
      'column "email" is character varying UNIQUE (UQ_email) in entity A (src/A.ts) but character varying in entity B (src/B.ts)',
    ),
  },
  {
    name: "a column's comment",
    definitions: definitionsOf(
      person([col("name", "text", { comment: "shown" })]),
      person([col("name", "text")]),
    ),
    error: cannot(
      "column \"name\" is text COMMENT 'shown' in entity A (src/A.ts) but text in entity B (src/B.ts)",
    ),
  },
  {
    name: "an enum's values",
    definitions: definitionsOf(
      { table: person([col("role", '"public"."person_role_enum"')]), enumValues: { role: ["a", "b"] } },
      { table: person([col("role", '"public"."person_role_enum"')]), enumValues: { role: ["a"] } },
    ),
    error: cannot(
      `column "role" is "public"."person_role_enum" ('a', 'b') in entity A (src/A.ts) but "public"."person_role_enum" ('a') in entity B (src/B.ts)`,
    ),
  },
  {
    name: "the primary key's columns",
    definitions: definitionsOf(
      tbl("person", [id, col("code", "text", { nullable: false })], ["id"]),
      tbl("person", [id, col("code", "text", { nullable: false })], ["id", "code"]),
    ),
    error: cannot("the primary key is (id) in entity A (src/A.ts) but (id, code) in entity B (src/B.ts)"),
  },
  {
    name: "the primary key's name only",
    definitions: definitionsOf(person([]), {
      ...person([]),
      primaryKey: { kind: "primaryKey", name: "pk_person", columns: ["id"] },
    }),
    error: cannot(
      "the primary key is PK_person (id) in entity A (src/A.ts) but pk_person (id) in entity B (src/B.ts)",
    ),
  },
  {
    name: "a primary key in one only",
    definitions: definitionsOf(
      tbl("person", [col("id", "integer", { nullable: false })], ["id"]),
      tbl("person", [col("id", "integer", { nullable: false })]),
    ),
    error: cannot("the primary key is (id) in entity A (src/A.ts) but none in entity B (src/B.ts)"),
  },
  {
    name: "the table comment",
    definitions: definitionsOf(person([], { comment: "people" }), person([])),
    error: cannot("the table comment is 'people' in entity A (src/A.ts) but none in entity B (src/B.ts)"),
  },
  {
    name: "an index of one name",
    definitions: definitionsOf(
      person([name], { indexes: [idx("IDX_name", ["name"])] }),
      person([name], { indexes: [idx("IDX_name", ["name"], { unique: true })] }),
    ),
    error: cannot(
      'index "IDX_name" is USING btree (name) in entity A (src/A.ts) but UNIQUE USING btree (name) in entity B (src/B.ts)',
    ),
  },
  {
    name: "an index of one name that differs where the text does not show it: its JSON",
    definitions: definitionsOf(
      person([name], { indexes: [idx("IDX_name", ["name"])] }),
      person([name], { indexes: [idx("IDX_name", ["name"], { include: ["id"] })] }),
    ),
    error: cannot(
      `index "IDX_name" is ${JSON.stringify(idx("IDX_name", ["name"]))} in entity A (src/A.ts) but ` +
        `${JSON.stringify(idx("IDX_name", ["name"], { include: ["id"] }))} in entity B (src/B.ts)`,
    ),
  },
  {
    name: "a foreign key of one name",
    definitions: definitionsOf(
      person([teamId], { foreignKeys: [fk("FK_team")] }),
      person([teamId], {
        foreignKeys: [fk("FK_team", { onDelete: "CASCADE", deferrable: "initially deferred" })],
      }),
    ),
    error: cannot(
      'foreign key "FK_team" is (teamId) REFERENCES public.team (id) ON DELETE NO ACTION ON UPDATE NO ACTION in entity A (src/A.ts) ' +
        "but (teamId) REFERENCES public.team (id) ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED in entity B (src/B.ts)",
    ),
  },
  {
    name: "a check of one name",
    definitions: definitionsOf(
      person([name], { checks: [{ kind: "check", name: "CHK", expression: "((name <> ''))" }] }),
      person([name], { checks: [{ kind: "check", name: "CHK", expression: "((length(name) > 1))" }] }),
    ),
    error: cannot(
      `check constraint "CHK" is CHECK ((name <> '')) in entity A (src/A.ts) but CHECK ((length(name) > 1)) in entity B (src/B.ts)`,
    ),
  },
  {
    name: "a unique constraint of one name",
    definitions: definitionsOf(
      person([name, email], { uniques: [uq("UQ", ["name", "email"])] }),
      person([name, email], { uniques: [uq("UQ", ["email", "name"])] }),
    ),
    error: cannot(
      'unique constraint "UQ" is UNIQUE (name, email) in entity A (src/A.ts) but UNIQUE (email, name) in entity B (src/B.ts)',
    ),
  },
  {
    name: "a definition synchronize: false cannot take out: rename one instead",
    definitions: definitionsOf(
      { table: person([name]), is: entity("Genre") },
      { table: person([col("name", "text", { nullable: false })]), is: closureOf("Genre") },
    ),
    error:
      'Two definitions of table public.person cannot be merged: column "name" is character varying NOT NULL in ' +
      "entity Genre (src/Genre.ts) but text NOT NULL in the closure table of Genre (src/Genre.ts); declare it " +
      'alike in both, or rename one (@Entity("…") or @Tree("closure-table", { closureTableName: "…" }))',
  },
];

describe("mergeSharedTables", () => {
  test.for(merges)("merges $name", ({ definitions, merged }) => {
    expect(mergeSharedTables(definitions)).toEqual(merged);
  });

  test.for(conflicts)("refuses $name", ({ definitions, error }) => {
    expect(() => mergeSharedTables(definitions)).toThrow(error);
  });

  test("names a definition's file only for an error", () => {
    let asked = 0;
    const counted = definitionsOf(person([name]), person([nickname])).map((d) => ({
      ...d,
      describe: () => {
        asked++;
        return d.describe();
      },
    }));
    mergeSharedTables(counted);
    expect(asked).toBe(0);
  });
});

/** A join table declared from both sides: its key's columns come in the two sides' orders. */
const JOIN_TABLE_TWICE = `import { Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
@Entity()
export class Author {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => Book, (b) => b.authors) @JoinTable({ name: "authorship" }) books!: Book[];
}
@Entity()
export class Book {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => Author, (a) => a.books) @JoinTable({ name: "authorship" }) authors!: Author[];
}
`;
/** An entity named like a closure table. */
const CLOSURE_AND_ENTITY = `import { Entity, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from "typeorm";
@Entity() @Tree("closure-table")
export class Genre {
  @PrimaryGeneratedColumn() id!: number;
  @TreeChildren() children!: Genre[];
  @TreeParent() parent!: Genre;
}
@Entity("genre_closure")
export class GenreClosure {
  @PrimaryGeneratedColumn() id!: number;
}
`;
/** A write model and a read model of one table: the read model declares the key without its sequence. */
const PERSON = `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("person")
export class Person {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
}
`;
const PERSON_SUMMARY = `import { Column, Entity, PrimaryColumn } from "typeorm";
@Entity("person")
export class PersonSummary {
  @PrimaryColumn() id!: number;
  @Column({ nullable: true }) nickname!: string;
}
`;

let project: Project | undefined;
afterEach(() => project?.remove());

function projectWith(entities: Record<string, string>): Project {
  project = createProject();
  writeFileSync(path.join(project.dir, "package.json"), '{ "name": "shared-app", "private": true }\n');
  writeFileSync(
    path.join(project.dir, "retort.config.json"),
    JSON.stringify({ entities: ["src/entity/*.ts"] }),
  );
  mkdirSync(path.join(project.dir, "migrations"));
  mkdirSync(path.join(project.dir, "src/entity"), { recursive: true });
  for (const [file, text] of Object.entries(entities))
    writeFileSync(path.join(project.dir, "src/entity", file), text);
  return project;
}

test("TypeORM's definitions named as the user wrote them: a join table by its owning side, a closure table by its tree", async () => {
  const p = projectWith({ "Library.ts": JOIN_TABLE_TWICE, "Genre.ts": CLOSURE_AND_ENTITY });
  const fileOf = (target: unknown) => (typeof target === "function" ? `src/${target.name}.ts` : undefined);
  const irOf = async (file: string) =>
    metadataToIr(await loadModel({ cwd: p.dir, entities: [`src/entity/${file}`] }), fileOf);
  await expect(irOf("Library.ts")).rejects.toThrow(
    "Two definitions of table public.authorship cannot be merged: the primary key is (authorId, bookId) in " +
      "the join table of Author.books (src/Author.ts) but (bookId, authorId) in the join table of Book.authors " +
      "(src/Book.ts); declare it alike in both, or set synchronize: false on the one that should not create the table",
  );
  await expect(irOf("Genre.ts")).rejects.toThrow(
    "Two definitions of table public.genre_closure cannot be merged: the primary key is (id) in " +
      "entity GenreClosure (src/GenreClosure.ts) but (id_ancestor, id_descendant) in the closure table of Genre " +
      '(src/Genre.ts); declare it alike in both, or rename one (@Entity("…") or @Tree("closure-table", ' +
      '{ closureTableName: "…" }))',
  );
});

test("the CLI: one FAILED line naming both classes and their files, exit 1, no migration written", () => {
  const p = projectWith({ "Person.ts": PERSON, "PersonSummary.ts": PERSON_SUMMARY });
  // Nothing listens on port 1: the model is refused before retort connects.
  const result = p.run([
    "--url",
    "postgresql://postgres@127.0.0.1:1/x",
    "revision",
    "--autogenerate",
    "-m",
    "x",
  ]);
  expect(result.stderr).toBe(
    'FAILED: Two definitions of table public.person cannot be merged: column "id" is integer (serial) NOT NULL ' +
      "in entity Person (src/entity/Person.ts) but integer NOT NULL in entity PersonSummary " +
      "(src/entity/PersonSummary.ts); declare it alike in both, or set synchronize: false on the one that " +
      "should not create the table\n",
  );
  expect(result.status).toBe(1);
  expect(readdirSync(path.join(p.dir, "migrations"))).toEqual([]);
});
