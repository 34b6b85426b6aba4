/**
 * What a throw-away embedded database (../shadow/shadow-database.ts) starts from, made ready ahead:
 * PostgreSQL's WebAssembly compiled (off this thread, ./pglite-wasm.ts) and the template's image read
 * (./template-image.ts), while the command loads its model and migrations. Both are waits on other
 * threads, 80 ms of a `check --shadow` start otherwise spent idle. Loads neither PGlite nor initdb: a
 * template not made yet is made when the database opens, as before.
 */
import { pgliteWasm } from "./pglite-wasm.js";
import { existingTemplate } from "./template.js";
import { readTemplateImageAhead } from "./template-image.js";

export function prepareThrowawayDatabase(retortDir: string): void {
  void pgliteWasm();
  existingTemplate(retortDir).then(
    (template) => {
      if (template) void readTemplateImageAhead(template);
    },
    () => {
      // Found again when the database opens, which reports what is wrong.
    },
  );
}
