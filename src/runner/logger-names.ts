/**
 * The logger name of migration steps (`INFO  [retort.runtime.migration] Running upgrade ...`), on its
 * own so that the CLI's progress line can recognise those lines without loading the runner at start-up.
 */
export const MIGRATION_LOGGER = "retort.runtime.migration";
