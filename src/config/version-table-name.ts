/**
 * Where the version table lives, as the config names it (`versionTable`, `versionTableSchema`,
 * `--version-table`). Declared here, below the runner that reads and writes the table, so that
 * resolving the config needs nothing of the runner.
 */

export interface VersionTableName {
  readonly schema: string;
  readonly table: string;
}

export const DEFAULT_VERSION_TABLE: VersionTableName = { schema: "public", table: "retort_version" };
