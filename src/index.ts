/** retort's library API: what `import ... from "retort"` offers. One `export ... from` per module. */

// The commands, as functions that take an options object and return data (never print).
export { type ImportTypeormApiOptions, importTypeorm } from "./api/import-typeorm.js";
export { init } from "./api/init.js";
export {
  type CheckApiOptions,
  check,
  current,
  type HeadsApiOptions,
  type HistoryApiOptions,
  heads,
  history,
  show,
} from "./api/inspect.js";
export { downgrade, type MigrateApiOptions, upgrade } from "./api/migrate.js";
export { type ApiOptions, resolveApiConfig } from "./api/options.js";
export {
  type DataSourceLike,
  type RunRetortMigrationsOptions,
  runRetortMigrations,
} from "./api/run-retort-migrations.js";
export { type StampApiOptions, stamp } from "./api/stamp.js";
export {
  type AutogenerateApiOptions,
  autogenerate,
  type MergeApiOptions,
  merge,
  type RevisionApiOptions,
  revision,
} from "./api/write.js";
export { readModelSchema } from "./canonicalise/index.js";
export type { CheckReport, OperationSummary } from "./commands/check-report.js";
export { type Comparison, compareModelToDatabase } from "./commands/compare.js";
export type {
  ImportedMigration,
  ImportTypeormOptions,
  ImportTypeormResult,
} from "./commands/import-typeorm.js";
export type { InitResult } from "./commands/init.js";
export type { MergeResult } from "./commands/merge.js";
export type { MigrateResult } from "./commands/migrate-options.js";
export type { RevisionResult } from "./commands/revision.js";
export type { RevisionInfo } from "./commands/revision-info.js";
export { type DatabaseTarget, databaseTargetOf } from "./config/database-target.js";
export {
  defineConfig,
  type FilteredObjectKind,
  type IncludeObject,
  type RetortConfig,
} from "./config/define-config.js";
export { type ConfigFlags, type ResolvedConfig, resolveConfig } from "./config/load-config.js";
export type { MigrationParts, MigrationTemplate } from "./config/migration-template.js";
export { type DiffResult, diffSchemas } from "./diff/index.js";
export {
  AmbiguousRevisionError,
  CycleDetectedError,
  MigrationFailedError,
  MultipleHeadsError,
  RetortError,
  RevisionNotFoundError,
  TargetNotUpToDateError,
} from "./errors.js";
export { type Revision, RevisionMap } from "./graph/revision-map.js";
export { downgradeSteps, historyRevisions, type MigrationStep, upgradeSteps } from "./graph/steps.js";
export { introspect } from "./introspect/index.js";
export { type Log, logLine } from "./log.js";
export type { Operation } from "./ops/operations.js";
export { reverse, reverseAll } from "./ops/reverse.js";
export { toSql } from "./ops/sql.js";
export type { AppliedStep } from "./runner/runner.js";
export {
  loadScriptDirectory,
  type MigrationFunction,
  type Script,
  ScriptDirectory,
} from "./runner/script-directory.js";
export type { ColumnSpec, MigrationContext, OpApi } from "./runtime/op-api.js";
export type * from "./schema/ir.js";
