/** retort's library API: what `import ... from "retort"` offers. One `export ... from` per module. */

export { readModelSchema } from "./canonicalise/index.js";
// The commands: each takes an options object, resolves the project's config itself and returns data
// (never prints); the CLI (src/cli) calls the same functions and formats what they return.
export { type CheckOptions, check } from "./commands/check.js";
export type { CheckReport, OperationSummary } from "./commands/check-report.js";
export {
  checkTenants,
  type DriftStatus,
  type FleetCheck,
  type TenantDrift,
} from "./commands/check-tenants.js";
export {
  type AutogeneratePolicy,
  type Comparison,
  compareModelToDatabase,
} from "./commands/compare.js";
export { current } from "./commands/current.js";
export {
  currentTenants,
  type FleetCurrent,
  type RevisionCount,
  type TenantPosition,
} from "./commands/current-tenants.js";
export { downgrade } from "./commands/downgrade.js";
export { type HeadsOptions, heads } from "./commands/heads.js";
export { type HistoryOptions, history } from "./commands/history.js";
export {
  type ImportedMigration,
  type ImportTypeormOptions,
  type ImportTypeormResult,
  importTypeorm,
} from "./commands/import-typeorm.js";
export { type InitOptions, type InitResult, init } from "./commands/init.js";
export { type MergeOptions, type MergeResult, merge } from "./commands/merge.js";
export type { MigrateOptions, MigrateResult } from "./commands/migrate.js";
export {
  downgradeTenants,
  stampTenants,
  type TenantsOptions,
  upgradeTenants,
} from "./commands/migrate-tenants.js";
export {
  type ApiOptions,
  type ProjectOptions,
  resolveProjectConfig as resolveApiConfig,
} from "./commands/project-options.js";
export {
  type AutogenerateOptions,
  autogenerate,
  type RevisionOptions,
  type RevisionResult,
  revision,
} from "./commands/revision.js";
export type { RevisionInfo } from "./commands/revision-info.js";
export {
  type DataSourceLike,
  type RunRetortMigrationsOptions,
  runRetortMigrations,
} from "./commands/run-retort-migrations.js";
export { show } from "./commands/show.js";
export { type SquashOptions, type SquashResult, squash } from "./commands/squash.js";
export { type StampOptions, stamp } from "./commands/stamp.js";
export { upgrade } from "./commands/upgrade.js";
export { type DatabaseTarget, databaseTargetOf } from "./config/database-target.js";
export {
  defineConfig,
  type FilteredObjectKind,
  type IncludeObject,
  type RetortConfig,
  type TenantSpec,
  type TenantsSetting,
} from "./config/define-config.js";
export { type ConfigFlags, type ResolvedConfig, resolveConfig } from "./config/load-config.js";
export type { MigrationParts, MigrationTemplate } from "./config/migration-template.js";
export { type DiffResult, diffSchemas } from "./diff/index.js";
export {
  AmbiguousRevisionError,
  CycleDetectedError,
  MigrationFailedError,
  MultipleHeadsError,
  ReplacedRevisionError,
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
export type { FleetOptions, StopReason } from "./tenants/fleet.js";
export type { FleetRunResult, TenantRunResult, TenantStatus } from "./tenants/fleet-migrate.js";
