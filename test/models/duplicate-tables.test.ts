/**
 * Two definitions of one table (src/models/duplicate-tables.ts) are refused before any SQL runs, through
 * the CLI: one FAILED line naming both, exit 1, no migration written. What TypeORM itself keeps in one
 * table (a single-table-inheritance child, a closure table) or in two schemas is not a duplicate.
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
const POST_TAG = `import { Column, Entity, PrimaryColumn } from "typeorm";
@Entity("post_tags")
export class PostTag {
  @PrimaryColumn() postId!: number;
  @PrimaryColumn() tagId!: number;
  @Column({ default: 0 }) position!: number;
}
`;
const ARTICLE = `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("tag")
export class Article {
  @PrimaryGeneratedColumn() id!: number;
  @Column() title!: string;
}
`;
const TAG_VIEW = `import { ViewColumn, ViewEntity } from "typeorm";
@ViewEntity({ name: "tag", expression: "SELECT 1 AS id" })
export class TagView {
  @ViewColumn() id!: number;
}
`;
/** A join table declared from both sides, and a closure table named like an entity. */
const TWICE = `import { Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from "typeorm";
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
    "an entity and a join table",
    { "Tag.ts": TAG, "Post.ts": POST, "PostTag.ts": POST_TAG },
    "Two definitions of table public.post_tags: entity PostTag (src/entity/PostTag.ts) and the join table of Post.tags (src/entity/Post.ts); " +
      'rename one (@Entity("…") or @JoinTable({ name: "…" })), ' +
      "or set synchronize: false on the one that should not create it",
  ],
  [
    "two entities",
    { "Tag.ts": TAG, "Article.ts": ARTICLE },
    "Two definitions of table public.tag: entity Article (src/entity/Article.ts) and entity Tag (src/entity/Tag.ts); " +
      'rename one (@Entity("…")), or set synchronize: false on the one that should not create it',
  ],
  [
    "an entity and a view",
    { "Tag.ts": TAG, "TagView.ts": TAG_VIEW },
    "Two definitions of table public.tag: entity Tag (src/entity/Tag.ts) and view entity TagView (src/entity/TagView.ts); " +
      'rename one (@Entity("…") or @ViewEntity("…"))',
  ],
] as const)("%s: one FAILED line naming both, exit 1, no file written", ([, entities, message]) => {
  const p = projectWith(entities);
  const result = p.run(["--url", NO_SERVER, "revision", "--autogenerate", "-m", "x"]);
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(`FAILED: ${message}\n`);
  expect(migrations(p)).toEqual([]);
});

test("each definition with its file, the owning side of each join table, the other duplicated tables", async () => {
  const p = projectWith({ "Library.ts": TWICE });
  const { dataSource } = await loadModel({ cwd: p.dir, entities: ["src/entity/*.ts"] });
  const fileOf = (target: unknown) => (typeof target === "function" ? `src/${target.name}.ts` : undefined);
  // The first duplicated table in the model's order, the others named after it.
  expect(() => checkDuplicateTables(dataSource.entityMetadatas, "public", fileOf)).toThrow(
    "Two definitions of table public.genre_closure: entity GenreClosure (src/GenreClosure.ts) and " +
      'the closure table of Genre (src/Genre.ts); rename one (@Entity("…") or @Tree("closure-table", ' +
      '{ closureTableName: "…" })) (also defined more than once: public.authorship)',
  );
  const joinTables = dataSource.entityMetadatas.filter((m) => m.tableType !== "closure-junction");
  expect(() => checkDuplicateTables(joinTables, "public", fileOf)).toThrow(
    "Two definitions of table public.authorship: the join table of Author.books (src/Author.ts) and " +
      'the join table of Book.authors (src/Book.ts); rename one (@JoinTable({ name: "…" })), or set ' +
      "synchronize: false on the one that should not create it",
  );
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
