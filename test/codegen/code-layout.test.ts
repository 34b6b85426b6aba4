/**
 * How the writer lays out a call: on its line when it fits in 120 characters, else one argument per
 * line, and again for an array or object still too long; the layouts a renderer fixes; and literals
 * the writer must not misread.
 */
import { describe, expect, test } from "vitest";
import { array, type Code, call, labelled, object, writeCode } from "../../src/codegen/code-layout.js";
import { codeWriter } from "../../src/codegen/code-writer.js";
import { commentText, sqlLiteral, stringLiteral } from "../../src/codegen/literals.js";

const str = stringLiteral;

/** A statement as the file writes it inside a function body (one indentation level). */
function statement(code: Code): string {
  const writer = codeWriter();
  writer.write("function f()").block(() => {
    writeCode(writer, typeof code === "string" ? code : labelled("await ", code), ";");
    writer.newLine();
  });
  return writer.toString().split("\n").slice(1, -1).join("\n");
}

describe("the layout of a call", () => {
  test.for([
    [
      "a short call stays on its line",
      call("op.dropIndex", [str("IDX_a")]),
      '  await op.dropIndex("IDX_a");',
    ],
    [
      "a long call gets one argument per line, each followed by a comma",
      call("op.createForeignKey", [
        str("FK_c6fb082a3114f35d0cc27c518e0"),
        str("post"),
        str("author"),
        array([str("authorId"), str("b")]),
        array([str("id"), str("c")]),
        object([
          ["onDelete", str("CASCADE")],
          ["note", str("a, b")],
        ]),
      ]),
      [
        "  await op.createForeignKey(",
        '    "FK_c6fb082a3114f35d0cc27c518e0",',
        '    "post",',
        '    "author",',
        '    ["authorId", "b"],',
        '    ["id", "c"],',
        '    { onDelete: "CASCADE", note: "a, b" },',
        "  );",
      ].join("\n"),
    ],
    [
      "an argument still too long on its own line is broken in turn",
      call("op.addColumn", [
        str("post"),
        object([
          ["name", str("createdAt")],
          ["type", str("timestamp with time zone")],
          ["nullable", "false"],
          ["default", str("now()")],
          ["comment", str("when the post was first written, in the author's time zone")],
        ]),
      ]),
      [
        "  await op.addColumn(",
        '    "post",',
        "    {",
        '      name: "createdAt",',
        '      type: "timestamp with time zone",',
        "      nullable: false,",
        '      default: "now()",',
        `      comment: "when the post was first written, in the author's time zone",`,
        "    },",
        "  );",
      ].join("\n"),
    ],
    [
      "one long literal stays on its line: breaking would not shorten it",
      call("op.execute", [str(`UPDATE "post" SET "summary" = left("body", 280) ${"x".repeat(80)}`)]),
      `  await op.execute("UPDATE \\"post\\" SET \\"summary\\" = left(\\"body\\", 280) ${"x".repeat(80)}");`,
    ],
    [
      "a template literal keeps its lines, and a short call around it stays as it is",
      call("op.createView", [
        str("adults"),
        sqlLiteral(" SELECT id\n   FROM users"),
        object([["materialized", "true"]]),
      ]),
      '  await op.createView("adults", ` SELECT id\n   FROM users`, { materialized: true });',
    ],
    [
      "a call around a template literal is broken when the line the query starts on is too long",
      call("op.createView", [str(`v_${"x".repeat(100)}`), sqlLiteral(" SELECT id\n   FROM users")]),
      `  await op.createView(\n    "v_${"x".repeat(100)}",\n    \` SELECT id\n   FROM users\`,\n  );`,
    ],
  ] as const)("%s", ([, code, expected]) => {
    expect(statement(code)).toBe(expected);
  });

  test("a fixed layout: always broken, or on one line only up to a length of its own", () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => str(`item_${i}`));
    const table = call(
      "op.createTable",
      [str("t"), array([], "broken"), object([["uniques", array(entries(2), 82)]], 90)],
      "broken",
    );
    expect(statement(table)).toBe(
      [
        "  await op.createTable(",
        '    "t",',
        "    [",
        "",
        "    ],",
        '    { uniques: ["item_0", "item_1"] },',
        "  );",
      ].join("\n"),
    );
    const wide = call(
      "op.createTable",
      [str("t"), object([["uniques", array(entries(9), 82)]], 90)],
      "broken",
    );
    expect(statement(wide)).toBe(
      [
        "  await op.createTable(",
        '    "t",',
        "    {",
        "      uniques: [",
        ...entries(9).map((entry) => `        ${entry},`),
        "      ],",
        "    },",
        "  );",
      ].join("\n"),
    );
  });
});

describe("literals", () => {
  test("a string ending in a backslash, then a backtick: the writer still indents every line", () => {
    const code = call("op.x", [str("C:\\"), str("a`b")]);
    const writer = codeWriter();
    writer.write("function f()").block(() => {
      for (const c of [
        code,
        code,
        call("op.createView", [str("v"), sqlLiteral("SELECT '\\'\n  FROM t\\")]),
      ]) {
        writeCode(writer, labelled("await ", c), ";");
        writer.newLine();
      }
    });
    expect(writer.toString()).toBe(
      [
        "function f() {",
        '  await op.x("C:\\u005c", "a`b");',
        '  await op.x("C:\\u005c", "a`b");',
        "  await op.createView(\"v\", `SELECT '\\\\'\n  FROM t\\u005c`);",
        "}",
      ].join("\n"),
    );
    // The same strings to JavaScript.
    expect(new Function(`return ${str("C:\\")};`)()).toBe("C:\\");
    const query = "a\n\\`\u0024{b}\\"; // a backslash, a backtick, a placeholder, a backslash at the end
    expect(new Function(`return ${sqlLiteral(query)};`)()).toBe(query);
  });

  test("a comment stays on its line, whatever line breaks the text holds", () => {
    expect(commentText("drops table a\nb\r\nc\u2028d")).toBe("drops table a\\nb\\r\\nc\\u2028d");
  });
});
