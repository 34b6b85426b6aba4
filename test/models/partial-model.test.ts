/**
 * The partial model build (src/models/partial-model.ts): after an edit, the model rebuilt from the
 * changed entities' metadata and the previous model's other tables must be exactly the model a full
 * build gives. Each case edits files of one project, loads it through the model cache (which builds in
 * part when it may), then builds it whole without a cache in the same process (the same classes), and
 * compares the two; and checks the partial build was taken where it should be, and not where it must
 * not be (an edit reaching a non-entity module: a shared enum, an embedded class, the DataSource's
 * naming strategy).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { canonicaliseModel, loadRawModel } from "../../src/canonicalise/index.js";
import { type ModelSource, readRawModel } from "../../src/models/index.js";
import { PARTIAL_BUILD } from "../../src/models/load-model.js";
import { recordedSpans } from "../../src/timings.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

const FILES: Record<string, string> = {
  "src/entity/status.ts": `export enum Status { Draft = "draft", Live = "live" }
`,
  "src/entity/stamped.ts": `import { Column, CreateDateColumn } from "typeorm";
export abstract class Stamped {
  @CreateDateColumn({ type: "timestamptz" }) createdAt!: Date;
  @Column({ type: "int", default: 1 }) revision!: number;
}
`,
  "src/entity/Address.ts": `import { Column } from "typeorm";
export class Address {
  @Column({ length: 80, nullable: true }) street!: string;
  @Column({ length: 10, nullable: true }) zip!: string;
}
`,
  "src/entity/Author.ts": `import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import { Address } from "./Address";
import { Stamped } from "./stamped";
import { Status } from "./status";
import { Post } from "./Post";
@Entity()
export class Author extends Stamped {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Column({ type: "enum", enum: Status, enumName: "status", default: Status.Draft }) status!: Status;
  @Column(() => Address) address!: Address;
  @OneToMany(() => Post, (post) => post.author) posts!: Post[];
}
`,
  "src/entity/Tag.ts": `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
export const TAG_LENGTH = 40;
export const DEFAULT_MOTTO = "none";
@Entity()
export class Tag {
  @PrimaryGeneratedColumn("identity") id!: number;
  @Column({ length: TAG_LENGTH, unique: true }) label!: string;
}
`,
  "src/entity/Post.ts": `import { Column, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Author } from "./Author";
import { Status } from "./status";
import { Tag, TAG_LENGTH } from "./Tag";
@Entity()
@Index((post: Post) => [post.title, post.status])
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ length: 120 }) title!: string;
  @Column({ length: TAG_LENGTH * 2, default: () => "'untitled'" }) slug!: string;
  @Column({ type: "enum", enum: Status, enumName: "status", default: Status.Live }) status!: Status;
  @ManyToOne(() => Author, (author) => author.posts, { onDelete: "CASCADE" }) author!: Author;
  @ManyToMany(() => Tag) @JoinTable() tags!: Tag[];
}
`,
  "src/entity/Profile.ts": `import { Column, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn } from "typeorm";
import { Author } from "./Author";
import { DEFAULT_MOTTO, TAG_LENGTH } from "./Tag";
@Entity()
export class Profile {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "text", nullable: true }) bio!: string | null;
  @Column({ length: TAG_LENGTH }) nickname!: string;
  @Column({ type: "text", default: () => \`'\${DEFAULT_MOTTO}'\` }) motto!: string;
  @OneToOne(() => Author) @JoinColumn() author!: Author;
}
`,
  "src/entity/Category.ts": `import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import { Product } from "./Product";
@Entity()
export class Category {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ length: 20, unique: true }) code!: string;
  @ManyToOne(() => Category, (category) => category.children, { nullable: true }) parent!: Category;
  @OneToMany(() => Category, (category) => category.parent) children!: Category[];
  @OneToMany(() => Product, (product) => product.category) products!: Product[];
}
`,
  "src/entity/Product.ts": `import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Category } from "./Category";
@Entity()
export class Product {
  @PrimaryColumn({ length: 12 }) sku!: string;
  @Column({ type: "int", nullable: true }) stock!: number;
  @ManyToOne(() => Category, (category) => category.products)
  @JoinColumn({ name: "category_code", referencedColumnName: "code" })
  category!: Category;
}
`,
};

/** A chain like the benchmark's: E<i> points at E<i-1> (and at E<i/2> every third), a join table every fifth. */
function chainEntity(i: number, extra = ""): string {
  const name = `E${i}`;
  const targets = i === 1 ? [] : i % 3 === 0 ? [i - 1, Math.max(1, Math.floor(i / 2))] : [i - 1];
  const unique = [...new Set(targets)];
  const imports = new Set(unique);
  const lines = [
    `@Entity({ name: "item_${i}" })`,
    ...(i % 4 === 0 ? [`@Index(["name", "amount"])`] : []),
    `export class ${name} {`,
    i % 2 === 0
      ? `  @PrimaryGeneratedColumn("uuid") id!: string;`
      : `  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" }) id!: number;`,
    `  @Column({ length: 60 }) name!: string;`,
    `  @Column({ type: "numeric", precision: 12, scale: 2, default: 0 }) amount!: string;`,
    ...(i % 3 === 1
      ? [`  @Column({ type: "enum", enum: ["a", "b"], enumName: "kind_${i}", default: "a" }) kind!: string;`]
      : []),
    ...unique.map(
      (target, k) =>
        `  @ManyToOne(() => E${target}, { nullable: true, onDelete: "${k === 0 ? "CASCADE" : "SET NULL"}" }) ref${k}!: E${target};`,
    ),
    ...(i % 5 === 0 ? [`  @ManyToMany(() => E${i - 1}) @JoinTable() links!: E${i - 1}[];`] : []),
    ...(extra ? [`  ${extra}`] : []),
    "}",
  ];
  if (i % 5 === 0) imports.add(i - 1);
  const head = [
    `import { Column, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from "typeorm";`,
    ...[...imports].sort((a, b) => a - b).map((t) => `import { E${t} } from "./E${t}";`),
  ];
  return [...head, ...lines, ""].join("\n");
}

const CHAIN = 12;

/**
 * Loads through the model cache (canonicalised, so the entry is written), then whole without a cache
 * in the same process (the same classes); expects the same model, and says how the cached load built it.
 */
async function loadBothWays(client: pg.Client, source: ModelSource & { cacheDir: string }): Promise<string> {
  const before = recordedSpans().length;
  const cached = await loadRawModel(source);
  await canonicaliseModel(client, cached);
  const phases = recordedSpans()
    .slice(before)
    .map((span) => span.phase);
  const { cacheDir: _cache, ...uncached } = source;
  const whole = await readRawModel(uncached);
  expect(cached.schema).toEqual(whole.raw.schema);
  return phases.includes("building metadata") ? WHOLE : phases.includes(PARTIAL_BUILD) ? PARTIAL : "cache";
}
const PARTIAL = "in part";
const WHOLE = "whole";

describeWithDatabase("the partial model build", () => {
  const db = useDatabase("retort_partial_model");
  let project: Project;
  let client: pg.Client;
  const source = () => ({
    cwd: project.dir,
    entities: ["src/entity/*.ts"],
    cacheDir: path.join(project.dir, ".retort/cache"),
  });
  const file = (name: string) => path.join(project.dir, name);
  const edit = (name: string, from: string | RegExp, to: string) => {
    const text = readFileSync(file(name), "utf8");
    const edited = text.replace(from, to);
    if (edited === text) throw new Error(`the edit of ${name} changed nothing`);
    writeFileSync(file(name), edited);
  };

  const compare = () => loadBothWays(client, source());

  beforeAll(async () => {
    project = createProject();
    mkdirSync(file("src/entity"), { recursive: true });
    writeFileSync(file("package.json"), "{}\n");
    for (const [name, text] of Object.entries(FILES)) writeFileSync(file(name), text);
    for (let i = 1; i <= CHAIN; i++) writeFileSync(file(`src/entity/E${i}.ts`), chainEntity(i));
    client = new pg.Client({ connectionString: db().url });
    await client.connect();
    expect(await compare()).toBe(WHOLE);
    expect(await compare()).toBe("cache");
  });
  afterAll(async () => {
    await client?.end();
    project?.remove();
  });

  test("a column added to one entity", async () => {
    edit(
      "src/entity/Post.ts",
      "  @Column({ length: 120 }) title!: string;",
      "  @Column({ length: 120 }) title!: string;\n  @Column({ nullable: true }) subtitle!: string;",
    );
    expect(await compare()).toBe(PARTIAL);
  });

  test("a constant exported by an entity file changes another entity's column", async () => {
    edit("src/entity/Tag.ts", "TAG_LENGTH = 40", "TAG_LENGTH = 50");
    expect(await compare()).toBe(PARTIAL);
  });

  test("a constant of an entity file in another entity's default, through a function of unchanged text", async () => {
    edit("src/entity/Tag.ts", `DEFAULT_MOTTO = "none"`, `DEFAULT_MOTTO = "carpe diem"`);
    expect(await compare()).toBe(PARTIAL);
  });

  test("a referenced primary key's type changes the foreign keys that point at it", async () => {
    edit(
      "src/entity/Author.ts",
      `@PrimaryGeneratedColumn("uuid") id!: string;`,
      `@PrimaryGeneratedColumn("identity") id!: number;`,
    );
    expect(await compare()).toBe(PARTIAL);
  });

  test("a referenced table renamed (its join table's name with it: built whole)", async () => {
    edit("src/entity/Tag.ts", "@Entity()", `@Entity({ name: "labels" })`);
    expect([PARTIAL, WHOLE]).toContain(await compare());
  });

  test("a referenced primary column renamed", async () => {
    edit(
      "src/entity/E4.ts",
      `@PrimaryGeneratedColumn("uuid") id!: string;`,
      `@PrimaryGeneratedColumn("uuid", { name: "item_id" }) id!: string;`,
    );
    expect(await compare()).toBe(PARTIAL);
  });

  test("a comment only", async () => {
    edit("src/entity/E7.ts", "export class E7 {", "// the seventh\nexport class E7 {");
    expect(await compare()).toBe(PARTIAL);
  });

  test("an index changed, a column removed, in two files at once", async () => {
    edit("src/entity/E8.ts", `@Index(["name", "amount"])`, `@Index(["amount"], { unique: true })`);
    edit("src/entity/E11.ts", /\n {2}@Column\(\{ type: "numeric"[^\n]*/, "");
    expect(await compare()).toBe(PARTIAL);
  });

  test("an enum's values changed in the entity that lists them", async () => {
    edit("src/entity/E10.ts", `enum: ["a", "b"]`, `enum: ["a", "b", "c"]`);
    expect(await compare()).toBe(PARTIAL);
  });

  test("a join table added: built whole", async () => {
    edit(
      "src/entity/E3.ts",
      "  @Column({ length: 60 }) name!: string;",
      "  @Column({ length: 60 }) name!: string;\n  @ManyToMany(() => E2) @JoinTable() more!: E2[];",
    );
    expect(await compare()).toBe(WHOLE);
  });

  test("a shared enum's module, an embedded class, a base class (no entity of their own): built whole", async () => {
    edit("src/entity/status.ts", `Live = "live"`, `Live = "live", Gone = "gone"`);
    expect(await compare()).toBe(WHOLE);
    edit("src/entity/Address.ts", "length: 10", "length: 12");
    expect(await compare()).toBe(WHOLE);
    edit("src/entity/stamped.ts", "default: 1", "default: 2");
    expect(await compare()).toBe(WHOLE);
  });

  test("a column a foreign key references by name (not the key) changes type; the referencing entity alone", async () => {
    edit("src/entity/Category.ts", "length: 20, unique: true", "length: 24, unique: true");
    expect(await compare()).toBe(PARTIAL);
    edit("src/entity/Product.ts", "length: 12", "length: 14");
    expect(await compare()).toBe(PARTIAL);
  });

  test("after a whole build, the next edit is built in part again", async () => {
    edit("src/entity/Profile.ts", `type: "text"`, `type: "varchar"`);
    expect(await compare()).toBe(PARTIAL);
  });
});

describeWithDatabase("the partial model build, from a DataSource", () => {
  const db = useDatabase("retort_partial_model_ds");
  let project: Project;
  let client: pg.Client;
  const file = (name: string) => path.join(project.dir, name);
  const source = (dataSource: string) => ({
    cwd: project.dir,
    dataSource,
    cacheDir: path.join(project.dir, ".retort/cache"),
  });

  const load = (dataSource: string) => loadBothWays(client, source(dataSource));

  beforeAll(async () => {
    project = createProject();
    mkdirSync(file("src/entity"), { recursive: true });
    writeFileSync(file("package.json"), "{}\n");
    for (let i = 1; i <= 4; i++) writeFileSync(file(`src/entity/E${i}.ts`), chainEntity(i));
    writeFileSync(
      file("src/naming.ts"),
      `import { DefaultNamingStrategy } from "typeorm";
export class Naming extends DefaultNamingStrategy {
  uniqueConstraintName(table: unknown, columns: string[]): string { return \`uq_\${super.uniqueConstraintName(table as string, columns)}\`; }
  primaryKeyName(table: unknown, columns: string[]): string { return \`pk_\${super.primaryKeyName(table as string, columns)}\`; }
}
`,
    );
    writeFileSync(
      file("src/globs.ts"),
      `import { DataSource } from "typeorm";
import { Naming } from "./naming";
export default new DataSource({ type: "postgres", entities: [__dirname + "/entity/*.ts"], namingStrategy: new Naming() });
`,
    );
    writeFileSync(
      file("src/classes.ts"),
      `import { DataSource } from "typeorm";
import { Naming } from "./naming";
import { E1 } from "./entity/E1";
import { E2 } from "./entity/E2";
import { E3 } from "./entity/E3";
import { E4 } from "./entity/E4";
export default new DataSource({ type: "postgres", entities: [E1, E2, E3, E4], namingStrategy: new Naming() });
`,
    );
    writeFileSync(
      file("src/inline.ts"),
      `import { DataSource, DefaultNamingStrategy } from "typeorm";
import { E1 } from "./entity/E1";
import { E2 } from "./entity/E2";
import { E3 } from "./entity/E3";
import { E4 } from "./entity/E4";
class Inline extends DefaultNamingStrategy {
  primaryKeyName(table: unknown, columns: string[]): string { return \`pkey_\${super.primaryKeyName(table as string, columns)}\`; }
}
export default new DataSource({ type: "postgres", entities: [E1, E2, E3, E4], namingStrategy: new Inline() });
`,
    );
    client = new pg.Client({ connectionString: db().url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    project?.remove();
  });

  test("a DataSource with entity globs: an entity edit is built in part, a naming strategy edit whole", async () => {
    expect(await load("src/globs.ts")).toBe(WHOLE);
    writeFileSync(file("src/entity/E2.ts"), chainEntity(2, `@Column({ nullable: true }) added!: string;`));
    expect(await load("src/globs.ts")).toBe(PARTIAL);
    const naming = readFileSync(file("src/naming.ts"), "utf8");
    writeFileSync(file("src/naming.ts"), naming.replace("`pk_", "`pkey_"));
    expect(await load("src/globs.ts")).toBe(WHOLE);
  });

  test("a DataSource that imports its entities, its naming strategy from a module of its own: built in part", async () => {
    expect(["cache", WHOLE]).toContain(await load("src/classes.ts"));
    writeFileSync(file("src/entity/E3.ts"), chainEntity(3, `@Column({ nullable: true }) added!: string;`));
    expect(await load("src/classes.ts")).toBe(PARTIAL);
  });

  test("a DataSource that imports its entities and defines its naming strategy: built whole", async () => {
    expect(["cache", WHOLE]).toContain(await load("src/inline.ts"));
    writeFileSync(file("src/entity/E4.ts"), chainEntity(4, `@Column({ nullable: true }) added!: string;`));
    expect(await load("src/inline.ts")).toBe(WHOLE);
  });
});
