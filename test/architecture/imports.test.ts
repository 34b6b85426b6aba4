/**
 * The folder rules of docs/architecture.md, checked on the import specifiers of every .ts file under
 * src/ (static imports, `export ... from` and dynamic `import()`, as TypeScript's own pre-parser lists
 * them): the folders are the data flow, so an import against it is a layer doing another layer's job.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

interface Edge {
  /** The importing file, relative to src/ (`commands/compare.ts`). */
  readonly from: string;
  /** The imported file, relative to src/. */
  readonly to: string;
}

/** Every import of one src file by another. Packages (`pg`, `node:fs`) are not edges. */
function importEdges(): Edge[] {
  const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  return files.flatMap((file) => {
    const from = file.split(path.sep).join("/");
    const text = readFileSync(path.join(srcDir, file), "utf8");
    return ts
      .preProcessFile(text, true, true)
      .importedFiles.map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => {
        const target = path.relative(srcDir, path.resolve(path.dirname(path.join(srcDir, file)), specifier));
        return { from, to: target.split(path.sep).join("/").replace(/\.js$/, ".ts") };
      });
  });
}

/** The folder a file is in (`models`), or the file itself at the top of src/ (`errors.ts`). */
const area = (file: string) => file.split("/")[0]!;

const edges = importEdges();

/** The edges out of `from`'s files into areas other than `allowed`. */
const outside = (from: string, allowed: readonly string[]) =>
  edges.filter((e) => area(e.from) === from && !allowed.includes(area(e.to)));

test("the imports are all read: static, re-exported and dynamic", () => {
  expect(edges).toContainEqual({ from: "commands/compare.ts", to: "canonicalise/index.ts" });
  expect(edges).toContainEqual({ from: "index.ts", to: "canonicalise/index.ts" });
  expect(edges).toContainEqual({ from: "config/load-config.ts", to: "config/config-schema.ts" });
  expect(new Set(edges.map((e) => area(e.from)))).toContain("models");
});

test("models/ depends on the IR, the loader, src/sql and the process-wide helpers only", () => {
  // Writing SQL, running it and reading it back is src/canonicalise's job, the stage after this one.
  expect(
    outside("models", ["models", "schema", "loader", "sql", "errors.ts", "timings.ts", "log.ts"]),
  ).toEqual([]);
});

test("the differ is pure: diff/ depends on the IR, the operations, src/sql and the errors only", () => {
  expect(outside("diff", ["diff", "schema", "ops", "sql", "errors.ts"])).toEqual([]);
});

test("config/ imports nothing from codegen/ or runner/: it declares the settings they consume", () => {
  expect(
    edges.filter((e) => area(e.from) === "config" && ["codegen", "runner"].includes(area(e.to))),
  ).toEqual([]);
});

test("only the CLI imports cli/; only the CLI and the package entry point import commands/", () => {
  expect(edges.filter((e) => area(e.to) === "cli" && !["cli", "cli.ts"].includes(area(e.from)))).toEqual([]);
  const intoCommands = edges.filter(
    (e) => area(e.to) === "commands" && !["commands", "cli", "cli.ts", "index.ts"].includes(area(e.from)),
  );
  expect(intoCommands).toEqual([]);
});
