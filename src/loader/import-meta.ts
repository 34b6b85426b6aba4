/**
 * `import.meta` in TypeScript compiled to CommonJS. An ES module project's DataSource builds its entity
 * globs from `import.meta.url` (it has no `__dirname`); TypeScript leaves `import.meta` as it is when it
 * emits CommonJS, and Node then refuses the module ("exports is not defined in ES module scope"). swc
 * rewrites it to `require("url").pathToFileURL(__filename)`; this transformer does the same for the files
 * TypeScript compiles, so both compilers give one meaning.
 */
import type { ts as TypeScript } from "ts-morph";

type Ts = typeof TypeScript;

export function importMetaToCommonJs(t: Ts): TypeScript.TransformerFactory<TypeScript.SourceFile> {
  return (context) => {
    const f = context.factory;
    const fileUrl = () =>
      f.createPropertyAccessExpression(
        f.createCallExpression(
          f.createPropertyAccessExpression(
            f.createCallExpression(f.createIdentifier("require"), undefined, [f.createStringLiteral("url")]),
            "pathToFileURL",
          ),
          undefined,
          [f.createIdentifier("__filename")],
        ),
        "href",
      );
    const isImportMeta = (node: TypeScript.Node): boolean =>
      t.isMetaProperty(node) && node.keywordToken === t.SyntaxKind.ImportKeyword;
    const visit = (node: TypeScript.Node): TypeScript.Node => {
      if (t.isPropertyAccessExpression(node) && isImportMeta(node.expression)) {
        switch (node.name.text) {
          case "url":
            return fileUrl();
          case "filename":
            return f.createIdentifier("__filename");
          case "dirname":
            return f.createIdentifier("__dirname");
        }
      }
      if (isImportMeta(node)) {
        return f.createObjectLiteralExpression([
          f.createPropertyAssignment("url", fileUrl()),
          f.createPropertyAssignment("filename", f.createIdentifier("__filename")),
          f.createPropertyAssignment("dirname", f.createIdentifier("__dirname")),
        ]);
      }
      return t.visitEachChild(node, visit, context);
    };
    return (source) =>
      source.text.includes("import.meta") ? (t.visitNode(source, visit) as TypeScript.SourceFile) : source;
  };
}
