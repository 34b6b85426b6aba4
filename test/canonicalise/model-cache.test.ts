/**
 * The model cache (src/canonicalise/model-cache.ts): an unchanged project is answered from `.retort/cache`
 * without loading TypeORM or the entities, a changed input is a miss, and the canonical model is the
 * same whether it comes from the cache, from a partial canonicalisation of the changed tables only, or
 * from a full one.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { canonicalise } from "../../src/canonicalise/canonicalise.js";
import { canonicaliseModel, loadRawModel } from "../../src/canonicalise/index.js";
import { recordedSpans } from "../../src/timings.js";
import { describeWithDatabase, useDatabase } from "../support/database.js";
import { createProject, type Project } from "../support/project.js";

const AUTHOR = `import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
export enum Mood { Happy = "happy", Sad = "sad" }
@Entity()
export class Author {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Index({ unique: true }) @Column({ length: 80 }) handle!: string;
  @Column({ type: "enum", enum: Mood, enumName: "mood", default: Mood.Happy }) mood!: Mood;
  @Column({ type: "timestamptz", default: () => "now()" }) createdAt!: Date;
}
`;
const BOOK = `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Author } from "./Author";
@Entity()
export class Book {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "numeric", precision: 10, scale: 2, default: 0 }) price!: string;
  @ManyToOne(() => Author, { onDelete: "CASCADE" }) author!: Author;
}
`;
const REVIEW = `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Book } from "./Book";
@Entity()
export class Review {
  @PrimaryGeneratedColumn("identity") id!: number;
  @Column({ type: "jsonb", nullable: true }) body!: unknown;
  @ManyToOne(() => Book) book!: Book;
}
`;

const loads = () => recordedSpans().filter((span) => span.phase === "loading entities").length;

describeWithDatabase("the model cache", () => {
  const db = useDatabase("retort_model_cache");
  let project: Project;
  let client: pg.Client;
  let source: { cwd: string; entities: string[]; cacheDir: string };

  beforeAll(async () => {
    project = createProject();
    writeFileSync(path.join(project.dir, "package.json"), "{}\n");
    writeEntity(project.dir, "Author", AUTHOR);
    writeEntity(project.dir, "Book", BOOK);
    source = {
      cwd: project.dir,
      entities: ["src/entity/*.ts"],
      cacheDir: path.join(project.dir, ".retort/cache"),
    };
    client = new pg.Client({ connectionString: db().url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    project?.remove();
  });

  test("an unchanged project comes from the cache, without loading the entities again", async () => {
    const first = await loadRawModel(source);
    const full = await canonicalise(client, first.schema, first.defaultSchema);
    expect(await canonicaliseModel(client, first)).toEqual(full);

    const before = loads();
    const second = await loadRawModel(source);
    expect(loads()).toBe(before);
    expect(second.schema).toEqual(first.schema);
    expect(await canonicaliseModel(client, second)).toEqual(full);
  });

  test("a changed entity file is a miss", async () => {
    appendFileSync(path.join(project.dir, "src/entity/Book.ts"), "// edited\n");
    const before = loads();
    await canonicaliseModel(client, await loadRawModel(source));
    expect(loads()).toBe(before + 1);
  });

  test("a new entity: only its table is created again, with the same result as a full canonicalisation", async () => {
    writeEntity(project.dir, "Review", REVIEW);
    const raw = await loadRawModel(source);
    expect(raw.schema.tables.map((t) => t.name)).toEqual(["author", "book", "review"]);
    const full = await canonicalise(client, raw.schema, raw.defaultSchema);
    expect(await canonicaliseModel(client, raw)).toEqual(full);
  });

  test("an entry with no canonical model for this server: the raw tables, kept on their own line, serve", async () => {
    await canonicaliseModel(client, await loadRawModel(source));
    const [file] = readdirSync(source.cacheDir).filter((name) => name.endsWith(".json"));
    const entryFile = path.join(source.cacheDir, file!);
    const [inputs, canonicals, tables] = readFileSync(entryFile, "utf8").split("\n");
    expect(JSON.parse(tables!).map((t: { name: string }) => t.name)).toEqual(["author", "book", "review"]);
    // As if the entry had been written by another server version only.
    const elsewhere = JSON.parse(canonicals!).map((part: object) => ({ ...part, serverVersion: 1 }));
    writeFileSync(entryFile, [inputs, JSON.stringify(elsewhere), tables].join("\n"));

    const before = loads();
    const raw = await loadRawModel(source);
    expect(loads()).toBe(before);
    expect(raw.schema.tables.map((t) => t.name)).toEqual(["author", "book", "review"]);
    const full = await canonicalise(client, raw.schema, raw.defaultSchema);
    expect(await canonicaliseModel(client, raw)).toEqual(full);
  });
});

function writeEntity(dir: string, name: string, text: string): void {
  const file = path.join(dir, "src/entity", `${name}.ts`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
