/**
 * What a suite that needs a real PostgreSQL server appends to its name when the tests run on the
 * embedded database and it is skipped (./database.ts), and what ./skip-reasons-reporter.ts looks for to
 * list those suites under the summary. Its own module: the reporter runs in vitest's main process,
 * where ./database.ts (which reads the workers' provided context) cannot be imported.
 */
export const NEEDS_SERVER = "needs a PostgreSQL server; running on the embedded database";
