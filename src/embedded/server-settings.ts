/**
 * Settings every embedded PostgreSQL runs with, as `-c` options: given to initdb (which also writes them
 * into a new template's postgresql.conf) and at every start (so that data directories made before a
 * setting changed run with it too).
 *
 * `shared_buffers`: PostgreSQL's default, 128 MB, is sized for a server. PGlite allocates it in its
 * WebAssembly memory, which PostgreSQL zeroes and touches at every start: a fifth of a start's CPU and
 * 130 MB of memory, for a database that holds schemas and development data. A 1000-entity model
 * canonicalises as fast in 16 MB.
 *
 * Imports nothing: the initdb worker's caller uses it without loading PGlite.
 */
export const SERVER_SETTINGS: readonly string[] = ["-c", "shared_buffers=16MB"];
