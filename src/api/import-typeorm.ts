/** `import-typeorm` for library callers: turn a TypeORM migrations folder into a retort history. */
import {
  type ImportTypeormOptions,
  type ImportTypeormResult,
  importTypeorm as importTypeormCommand,
} from "../commands/import-typeorm.js";
import { type ApiOptions, resolveApiConfig } from "./options.js";

export interface ImportTypeormApiOptions extends ApiOptions, Omit<ImportTypeormOptions, "log"> {}

export async function importTypeorm(options: ImportTypeormApiOptions = {}): Promise<ImportTypeormResult> {
  const config = await resolveApiConfig(options);
  return importTypeormCommand(config, {
    ...(options.from ? { from: options.from } : {}),
    ...(options.stamp !== undefined ? { stamp: options.stamp } : {}),
    ...(options.shadowUrl ? { shadowUrl: options.shadowUrl } : {}),
    ...(options.migrationsTable ? { migrationsTable: options.migrationsTable } : {}),
    ...(options.strict ? { strict: true } : {}),
    ...(config.log ? { log: config.log } : {}),
  });
}
