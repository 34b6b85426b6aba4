/** Long `op.*` calls are laid out one argument per line, as prettier would; short ones stay as they are. */
import { expect, test } from "vitest";
import { wrapLongCall } from "../../src/codegen/wrap-call.js";

test.for([
  ["a short call stays on its line", 'await op.dropIndex("IDX_a");', 'await op.dropIndex("IDX_a");'],
  [
    "a long call gets one argument per line, commas inside strings and brackets respected",
    'await op.createForeignKey("FK_c6fb082a3114f35d0cc27c518e0", "post", "author", ["authorId", "b"], ["id", "c"], { onDelete: "CASCADE", note: "a, b" });',
    [
      "await op.createForeignKey(",
      '  "FK_c6fb082a3114f35d0cc27c518e0",',
      '  "post",',
      '  "author",',
      '  ["authorId", "b"],',
      '  ["id", "c"],',
      '  { onDelete: "CASCADE", note: "a, b" },',
      ");",
    ].join("\n"),
  ],
  [
    "hazard comments stay above the call",
    `// DATA LOSS: drops column x\nawait op.dropColumn("a_very_long_table_name_indeed_it_is", "a_very_long_column_name_too_yes", { schema: "some_schema" });`,
    [
      "// DATA LOSS: drops column x",
      "await op.dropColumn(",
      '  "a_very_long_table_name_indeed_it_is",',
      '  "a_very_long_column_name_too_yes",',
      '  { schema: "some_schema" },',
      ");",
    ].join("\n"),
  ],
  [
    "a call the renderer already spread over lines keeps its layout",
    'await op.createTable(\n  "t",\n  [{ name: "id", type: "integer", nullable: false }, { name: "a_long_column_name", type: "text", nullable: true }],\n);',
    'await op.createTable(\n  "t",\n  [{ name: "id", type: "integer", nullable: false }, { name: "a_long_column_name", type: "text", nullable: true }],\n);',
  ],
] as const)("%s", ([, input, expected]) => {
  expect(wrapLongCall(input)).toBe(expected);
});
