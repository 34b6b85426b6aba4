import type { Schema } from "../../schema/ir.js";
import type { DiffContext } from "../context.js";

/**
 * Extensions and schemas the model needs are created. Ones only the database has are left alone: no
 * entity can declare them, so their absence from the model says nothing (design.md, ground rules).
 */
export function compareNamespaces(ctx: DiffContext, from: Schema, to: Schema): void {
  const haveExtensions = new Set(from.extensions.map((e) => e.name));
  for (const extension of to.extensions) {
    if (haveExtensions.has(extension.name)) continue;
    ctx.add(
      "createExtensions",
      { kind: "createExtension", extension },
      `Detected added extension '${extension.name}'`,
    );
  }
  const haveSchemas = new Set([ctx.options.defaultSchema ?? "public", ...from.namespaces]);
  for (const schema of to.namespaces) {
    if (haveSchemas.has(schema)) continue;
    ctx.add("createSchemas", { kind: "createSchema", schema }, `Detected added schema '${schema}'`);
  }
}
