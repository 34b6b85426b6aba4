/** retort's library API: what `import ... from "retort"` offers. One `export ... from` per module. */

export { type CurrentOptions, current } from "./commands/current.js";
export { downgrade } from "./commands/downgrade.js";
export { type HeadsOptions, heads } from "./commands/heads.js";
export { type HistoryOptions, history } from "./commands/history.js";
export type { MigrateOptions, MigrateResult } from "./commands/migrate-options.js";
export { upgrade } from "./commands/upgrade.js";
export { defineConfig, type RetortConfig } from "./config/define-config.js";
export {
  type ConfigFlags,
  type ResolvedConfig,
  requireDatabaseUrl,
  resolveConfig,
} from "./config/load-config.js";
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
export { type Log, logLine } from "./log.js";
export type { AppliedStep } from "./runner/runner.js";
export {
  loadScriptDirectory,
  type MigrationFunction,
  type Script,
  ScriptDirectory,
} from "./runner/script-directory.js";
export type { ColumnSpec, MigrationContext, OpApi } from "./runtime/op-api.js";
