/**
 * A view named like a table or another view (src/models/duplicate-tables.ts) is refused before any SQL
 * runs, through the CLI: one FAILED line naming both, exit 1, no migration written. Tables of one name
 * are merged instead (test/models/shared-tables.test.ts); what TypeORM itself keeps in one table (a
 * single-table-inheritance child) or in two schemas is not a second definition at all.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { checkDuplicateTables } from "../../src/models/duplicate-tables.js";
import { loadModel } from "../../src/models/load-model.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

const TAG = `import { Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity()
export class Tag {
  @PrimaryGeneratedColumn() id!: number;
}
`;
const POST = `import { Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import { Tag } from "./Tag";
@Entity()
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => Tag) @JoinTable({ name: "post_tags" }) tags!: Tag[];
}
`;
const TAG_VIEW = `import { ViewColumn, ViewEntity } from "typeorm";
@ViewEntity({ name: "tag", expression: "SELECT 1 AS id" })
export class TagView {
  @ViewColumn() id!: number;
}
`;
const POST_TAGS_VIEW = `import { ViewColumn, ViewEntity } from "typeorm";
@ViewEntity({ name: "post_tags", expression: "SELECT 1 AS id" })
export class PostTagsView {
  @ViewColumn() id!: number;
}
`;
/** Views named like a join table and like a closure table. */
const VIEWS = `import {
  Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent, ViewColumn, ViewEntity,
} from "typeorm";
@Entity()
export class Author {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => Book) @JoinTable({ name: "authorship" }) books!: Book[];
}
@Entity()
export class Book {
  @PrimaryGeneratedColumn() id!: number;
}
@Entity() @Tree("closure-table")
export class Genre {
  @PrimaryGeneratedColumn() id!: number;
  @TreeChildren() children!: Genre[];
  @TreeParent() parent!: Genre;
}
@ViewEntity({ name: "genre_closure", expression: "SELECT 1 AS id" })
export class GenreClosureView {
  @ViewColumn() id!: number;
}
@ViewEntity({ name: "authorship", expression: "SELECT 1 AS id" })
export class AuthorshipView {
  @ViewColumn() id!: number;
}
`;
/**
 * Tables of one name, which synchronize() merges: two entities, an entity over a join table, the
 * closure table each child of a single-table-inheritance tree declares again.
 */
const SHARED = `import {
  ChildEntity, Column, Entity, JoinTable, ManyToMany, PrimaryColumn, PrimaryGeneratedColumn, TableInheritance,
  Tree, TreeChildren, TreeParent,
} from "typeorm";
@Entity("person")
export class Person {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
}
@Entity("person")
export class PersonSummary {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ nullable: true }) nickname!: string;
}
@Entity()
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => Person) @JoinTable({ name: "post_people" }) people!: Person[];
}
@Entity("post_people")
export class PostPerson {
  @PrimaryColumn() postId!: number;
  @PrimaryColumn() personId!: number;
}
@Entity() @Tree("closure-table") @TableInheritance({ column: { type: "varchar", name: "kind" } })
export class Node {
  @PrimaryGeneratedColumn() id!: number;
  @TreeChildren() children!: Node[];
  @TreeParent() parent!: Node;
}
@ChildEntity() export class Folder extends Node {}
@ChildEntity() export class Leaf extends Node {}
`;
/**
 * STI children, a closure table, "post" in two schemas and once more unsynchronised, an entity over a
 * join table marked synchronize: false: all of it can exist.
 */
const FINE = `import {
  ChildEntity, Column, Entity, JoinTable, ManyToMany, PrimaryColumn, PrimaryGeneratedColumn, TableInheritance,
  Tree, TreeChildren, TreeParent,
} from "typeorm";
@Entity() @TableInheritance({ column: { type: "varchar", name: "kind" } })
export class Content {
  @PrimaryGeneratedColumn() id!: number;
}
@ChildEntity()
export class Photo extends Content {
  @Column({ nullable: true }) size!: number;
}
@ChildEntity()
export class Video extends Content {
  @Column({ nullable: true }) length!: number;
}
@Entity() @Tree("closure-table")
export class Category {
  @PrimaryGeneratedColumn() id!: number;
  @TreeChildren() children!: Category[];
  @TreeParent() parent!: Category;
}
@Entity("post")
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => Category) @JoinTable({ name: "post_categories", synchronize: false }) categories!: Category[];
}
@Entity("post_categories")
export class PostCategory {
  @PrimaryColumn() postId!: number;
  @PrimaryColumn() categoryId!: number;
}
@Entity({ name: "post", schema: "archive" })
export class ArchivedPost {
  @PrimaryGeneratedColumn() id!: number;
}
@Entity({ name: "post", synchronize: false })
export class PostReadModel {
  @PrimaryGeneratedColumn() id!: number;
}
`;

let project: Project | undefined;
afterEach(() => project?.remove());

/** A configured project whose src/entity holds `entities` (file name → text). */
function projectWith(entities: Record<string, string>): Project {
  project = createProject();
  writeFileSync(path.join(project.dir, "package.json"), '{ "name": "dup-app", "private": true }\n');
  writeFileSync(
    path.join(project.dir, "retort.config.json"),
    JSON.stringify({ entities: ["src/entity/*.ts"] }),
  );
  mkdirSync(path.join(project.dir, "migrations"));
  mkdirSync(path.join(project.dir, "src/entity"), { recursive: true });
  for (const [name, text] of Object.entries(entities))
    writeFileSync(path.join(project.dir, "src/entity", name), text);
  return project;
}

const migrations = (p: Project) => readdirSync(path.join(p.dir, "migrations"));

// Nothing listens on port 1: the model is refused before retort tries to connect.
const NO_SERVER = "postgresql://postgres@127.0.0.1:1/x";

test.for([
  [
    "an entity and a view",
    { "Tag.ts": TAG, "TagView.ts": TAG_VIEW },
    "Two definitions of table public.tag: entity Tag (src/entity/Tag.ts) and view entity TagView (src/entity/TagView.ts); " +
      'rename one (@Entity("…") or @ViewEntity("…"))',
  ],
  [
    "a view named like a join table",
    { "Tag.ts": TAG, "Post.ts": POST, "PostTagsView.ts": POST_TAGS_VIEW },
    "Two definitions of table public.post_tags: view entity PostTagsView (src/entity/PostTagsView.ts) and the join table " +
      'of Post.tags (src/entity/Post.ts); rename one (@ViewEntity("…") or @JoinTable({ name: "…" }))',
  ],
] as const)("%s: one FAILED line naming both, exit 1, no file written", ([, entities, message]) => {
  const p = projectWith(entities);
  const result = p.run(["--url", NO_SERVER, "revision", "--autogenerate", "-m", "x"]);
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(`FAILED: ${message}\n`);
  expect(migrations(p)).toEqual([]);
});

test("each definition with its file, the owning side of a join table, the tree of a closure table, the other duplicated names", async () => {
  const p = projectWith({ "Library.ts": VIEWS });
  const { dataSource } = await loadModel({ cwd: p.dir, entities: ["src/entity/*.ts"] });
  const fileOf = (target: unknown) => (typeof target === "function" ? `src/${target.name}.ts` : undefined);
  // The first refused name in the model's order, the others named after it.
  expect(() => checkDuplicateTables(dataSource.entityMetadatas, "public", fileOf)).toThrow(
    "Two definitions of table public.genre_closure: view entity GenreClosureView (src/GenreClosureView.ts) and " +
      'the closure table of Genre (src/Genre.ts); rename one (@ViewEntity("…") or @Tree("closure-table", ' +
      '{ closureTableName: "…" })) (also defined more than once: public.authorship)',
  );
  const joinTable = dataSource.entityMetadatas.filter((m) => m.tableType !== "closure-junction");
  expect(() => checkDuplicateTables(joinTable, "public", fileOf)).toThrow(
    "Two definitions of table public.authorship: view entity AuthorshipView (src/AuthorshipView.ts) and " +
      'the join table of Author.books (src/Author.ts); rename one (@ViewEntity("…") or @JoinTable({ name: "…" }))',
  );
});

test("tables of one name are left to the merge: two entities, an entity over a join table, a tree's re-declared closure table", async () => {
  const p = projectWith({ "Shared.ts": SHARED });
  const { dataSource } = await loadModel({ cwd: p.dir, entities: ["src/entity/*.ts"] });
  const tables = dataSource.entityMetadatas.map((m) => m.tableName);
  expect(tables.filter((name) => name === "node_closure")).toHaveLength(3);
  expect(() => checkDuplicateTables(dataSource.entityMetadatas, "public")).not.toThrow();
});

describeWithDatabase("what is not a duplicate", () => {
  const db = useDatabase("retort_dup_tables");

  test("STI children, a closure table, one name in two schemas, synchronize: false: the revision is written", () => {
    const p = projectWith({ "All.ts": FINE });
    const result = p.run(["revision", "--autogenerate", "-m", "x"], { DATABASE_URL: db().url });
    expect(result.status, result.stderr).toBe(0);
    const [file] = migrations(p);
    const source = readFileSync(path.join(p.dir, "migrations", file!), "utf8");
    // content (with both children's columns), category, category_closure, post, archive.post and
    // post_categories (once, as PostCategory declares it).
    expect(source.match(/op\.createTable\(/g)).toHaveLength(6);
    expect(source).toContain('schema: "archive"');
  });
});
