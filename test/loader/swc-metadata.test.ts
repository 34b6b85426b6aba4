/**
 * swc transpiles entity files only where its decorator metadata is TypeScript's: for a corpus of
 * property annotations, each compiled by both, every file swc's path accepts must give Reflect the same
 * design:type (and paramtypes, returntype) as TypeScript's output, and the common entity shapes must be
 * accepted (else the fast path is never taken and nothing is faster).
 */
import "reflect-metadata";
import { describe, expect, test } from "vitest";
import { transpileWithSwc } from "../../src/loader/swc-transpile.js";
import { transpileWithTypeScript } from "../../src/loader/transpile.js";

const PRELUDE = `
import { Column, ManyToOne, type Relation } from "typeorm";
import { type Aliased as Renamed } from "./other";
import { Other, OtherEnum } from "./other";
import type { OnlyType } from "./other";
import * as ns from "./other";
import Def from "./def";
export enum Role { Admin = "admin", User = "user" }
export enum Level { Low, High }
export enum Mixed { A = 1, B = "b" }
const enum Constant { X = "x" }
type Alias = string;
type Maybe = string | null;
type Nothing = null;
interface Iface { a: number }
class Local {}
declare const brand: unique symbol;
`;

/** Members whose metadata swc's path must carry itself: what entities are made of. */
const ACCEPTED = [
  "@Column() value!: string;",
  "@Column() value!: number;",
  "@Column() value!: boolean;",
  "@Column() value!: Date;",
  "@Column() value!: string | null;",
  "@Column() value?: string;",
  "@Column() value!: number | undefined;",
  "@Column() value!: Date | null;",
  "@Column() value!: unknown;",
  "@Column() value!: any;",
  "@Column() value!: object;",
  "@Column() value!: Record<string, unknown>;",
  "@Column() value!: { a: number };",
  "@Column() value!: string[];",
  "@Column() value!: Array<number>;",
  "@Column() value!: Buffer;",
  "@Column() value!: bigint;",
  "@Column() value!: Role;",
  "@Column() value!: Level;",
  "@Column() value!: Role | null;",
  '@Column() value!: "a" | "b";',
  "@Column() value!: Local;",
  "@Column() value!: Other;",
  "@Column() value!: OtherEnum;",
  "@Column() value!: OtherEnum | null;",
  "@Column() value!: OnlyType;",
  "@Column() value!: Iface;",
  "@Column() value!: Def;",
  "@Column() value!: Promise<Local>;",
  "@ManyToOne(() => Local) value!: Local;",
  "@Column() value!: Local[];",
  "@Column() static value: string;",
  '@Column() "quoted name"!: number;',
  "@Column() value!: Local | null;",
  "@Column() value!: keyof Local;",
  "@Column() value!: string & { brand: 1 };",
  "@ManyToOne(() => Local) value!: Relation<Local>;",
  "@Column() value!: Renamed;",
];

/** Members swc's path may hand to TypeScript; whichever path it takes, the metadata must agree. */
const ANY_PATH = [
  "@Column() value!: Alias;",
  "@Column() value!: Mixed;",
  "@Column() value!: Maybe;",
  "@Column() value!: Nothing | string;",
  "@Column() value!: readonly string[];",
  "@Column() value!: ReadonlyArray<string>;",
  "@Column() value!: string | Role;",
  "@Column() value!: Date | Date;",
  "@Column() value!: Role.Admin;",
  "@Column() value!: Constant;",
  "@Column() value!: ns.Other;",
  "@Column() value = 5;",
  "@Column() value: any;",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a TypeScript template literal type, as source text
  "@Column() value!: `a${string}`;",
  "@Column() value!: Local extends object ? string : number;",
  "@Column() value!: Local extends object ? string : string;",
  "@Column() value!: this;",
  "@Column() value!: typeof brand;",
  "@Column() value!: symbol;",
  "@Column() value!: undefined;",
  "@Column() value!: null;",
  "@Column() value!: void;",
  "@Column() value!: never;",
  "@Column() value!: null | undefined;",
  "@Column() value!: string | undefined | null;",
  "@Column() value!: string & unknown;",
  "@Column() value!: unknown | string;",
  "@Column() value!: true;",
  "@Column() value!: -1;",
  "@Column() value!: 10n;",
  "@Column() value!: Map<string, Local>;",
  "@Column() value!: Uint8Array;",
  "@Column() value!: Function;",
  "@Column() value!: Object;",
  "@Column() value!: String;",
  "@Column() value!: () => void;",
  "@Column() value!: new () => Local;",
  "@Column() value!: [number, string];",
  "@Column() value!: Partial<Local>;",
  "@Column() value!: Local[][];",
  "@Column() value!: { [key: string]: Local };",
  "@Column() value!: Role[];",
  "@Column() value!: Intl.Locale;",
  "@Column() value!: Local & Iface;",
  "@Column() method(a: Role, b?: number, ...rest: string[]): void {}",
  "@Column() async method(): Promise<void> {}",
  "@Column() get value(): string { return ''; }",
  "@Column() set value(v: Date) {}",
  "@Column() method(a: readonly string[], b: string | Role): Role { return Role.Admin; }",
  "constructor(@Column() a: string, @Column() b: Local) {}",
  // The annotation's text is not taken from a comment, nor from elsewhere when the property is quoted.
  '// value: unknown\n  @Column() "value"!: string | Role;',
  '/** value: unknown */\n  @Column() "value"!: readonly string[];',
  // A key swc prints with an escape JSON does not read.
  '@Column() "it\\x41"!: unknown;',
];

const fakeModules: Record<string, unknown> = {
  typeorm: { Column: () => () => {}, ManyToOne: () => () => {} },
  "./other": { Other: class Other {}, OtherEnum: { A: "a" } },
  "./def": { default: class Def {} },
};

const describeValue = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(describeValue).join(", ")}]`
    : typeof value === "function"
      ? `function ${value.name}`
      : typeof value === "object" && value !== null
        ? `object ${JSON.stringify(value)}`
        : String(value);

/**
 * Every design:* value the compiled class records, as comparable text, caught where the compiled code
 * hands it to Reflect.metadata. A decorated property is an own key of neither the class nor its
 * prototype, so reading Reflect back by their keys would see methods and accessors only, never a
 * property's design:type: the value this test exists for.
 */
function metadataOf(code: string): Record<string, string> {
  const found: Record<string, string> = {};
  const metadata = Reflect.metadata;
  const record = (kind: unknown, value: unknown) => (target: object, key?: string | symbol) => {
    found[`${typeof target === "function" ? "class" : "prototype"} ${String(key ?? "")} ${String(kind)}`] =
      describeValue(value);
  };
  Reflect.metadata = record as typeof Reflect.metadata;
  try {
    const module = { exports: {} as Record<string, unknown> };
    const require = (id: string) => fakeModules[id];
    new Function("exports", "require", "module", code)(module.exports, require, module);
  } finally {
    Reflect.metadata = metadata;
  }
  return found;
}

const fileFor = (member: string) => `${PRELUDE}\nexport class Subject {\n  ${member}\n}\n`;

/**
 * A second mention of `value` (a method's parameter) keeps the check from deciding by the annotation's
 * text: it must read the syntax tree, and agree.
 */
const withDecoy = (member: string) => `${member}\n  decoy(value: number): void {}`;

function bothWays(member: string) {
  const source = fileFor(member);
  const swc = transpileWithSwc(source, "/project/src/subject.ts");
  const typescript = transpileWithTypeScript(source, "/project/src/subject.ts");
  return { swc, typescript };
}

describe("swc's output is used only where its decorator metadata is TypeScript's", () => {
  test("the comparison sees every design:* value, a property's included", () => {
    const { typescript } = bothWays("@Column() value!: Date;\n  @Column() method(a: Role): void {}");
    expect(metadataOf(typescript)).toEqual({
      "prototype value design:type": "function Date",
      "prototype method design:type": "function Function",
      "prototype method design:paramtypes": "[function String]",
      "prototype method design:returntype": "undefined",
    });
  });

  test.each(ACCEPTED)("accepted, same metadata: %s", (member) => {
    const { swc, typescript } = bothWays(member);
    expect(swc, "swc's output was refused").toBeDefined();
    expect(metadataOf(swc!)).toEqual(metadataOf(typescript));
  });

  test.each(ANY_PATH)("same metadata whichever compiler: %s", (member) => {
    const { swc, typescript } = bothWays(member);
    if (swc !== undefined) expect(metadataOf(swc)).toEqual(metadataOf(typescript));
  });

  test.each(ACCEPTED)("accepted from the syntax tree, same metadata: %s", (member) => {
    const { swc, typescript } = bothWays(withDecoy(member));
    expect(swc, "swc's output was refused").toBeDefined();
    expect(metadataOf(swc!)).toEqual(metadataOf(typescript));
  });

  test.each(ANY_PATH)("same metadata whichever compiler, from the syntax tree: %s", (member) => {
    const { swc, typescript } = bothWays(withDecoy(member));
    if (swc !== undefined) expect(metadataOf(swc)).toEqual(metadataOf(typescript));
  });

  test("files TypeScript must compile are handed to it", () => {
    for (const member of [
      "@Column() value!: Alias;",
      "@Column() value!: readonly string[];",
      "@Column() value!: string | Role;",
      "@Column() value = 5;",
      "@Column() value!: Role.Admin;",
    ]) {
      expect(bothWays(member).swc, member).toBeUndefined();
    }
  });

  test("a file swc cannot parse goes to TypeScript, which names the syntax error", () => {
    const source = "export class Broken { @Column() value!: string = ; }";
    expect(transpileWithSwc(source, "/project/src/broken.ts")).toBeUndefined();
    expect(() => transpileWithTypeScript(source, "/project/src/broken.ts")).toThrow(
      /Syntax error in \/project\/src\/broken\.ts:1:\d+/,
    );
  });

  test("RETORT_TRANSPILER=typescript is honoured in a new process", async () => {
    const { execFileSync } = await import("node:child_process");
    const script = `import("${new URL("../../dist/loader/swc-transpile.js", import.meta.url).href}").then((m) =>
      process.stdout.write(String(m.transpileWithSwc("export const x: number = 1;", "/x.ts") === undefined)))`;
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8" });
    expect(run({ RETORT_TRANSPILER: "typescript" })).toBe("true");
    expect(run({ RETORT_TRANSPILER: "" })).toBe("false");
  });
});

describe("entity files that import each other", () => {
  test("load, and a class read before its module ran is Object in the metadata, as TypeScript had it", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { importModule } = await import("../../src/loader/typescript.js");
    const dir = mkdtempSync(path.join(tmpdir(), "retort-circular-"));
    try {
      const decorator = "const Column = (): PropertyDecorator => () => {};";
      writeFileSync(
        path.join(dir, "author.ts"),
        `import { Book } from "./book";\n${decorator}\nexport class Author {\n  @Column() books!: Book;\n}\n`,
      );
      writeFileSync(
        path.join(dir, "book.ts"),
        `import { Author } from "./author";\n${decorator}\nexport class Book {\n  @Column() author!: Author;\n}\n`,
      );
      const author = await importModule(path.join(dir, "author.ts"));
      const book = await importModule(path.join(dir, "book.ts"));
      const Author = author.Author as { prototype: object };
      const Book = book.Book as { prototype: object };
      // author.ts starts first, so book.ts runs while Author is not defined yet.
      expect(Reflect.getMetadata("design:type", Book.prototype, "author")).toBe(Object);
      expect(Reflect.getMetadata("design:type", Author.prototype, "books")).toBe(Book);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
