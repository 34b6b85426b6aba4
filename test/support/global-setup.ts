/**
 * Finds the PostgreSQL the integration tests run against, once per `vitest run`:
 * 1. $DATABASE_URL when set (CI sets it to the local server);
 * 2. otherwise a Testcontainers PostgreSQL, when a Docker engine answers (not tried with
 *    RETORT_TEST_DOCKER=0: scripts/test-offline.sh cuts the network off, and a Docker engine reached
 *    through its socket would still start a container, on a port that network cannot reach);
 * 3. otherwise the embedded database (PGlite): ./embedded-hub.ts hands out one instance per test
 *    database, so `npm test` passes on a machine with nothing installed but Node.
 * Each test file creates (and drops) its own database: see ./database.ts. Which of the three it is gets
 * one line at the start of the run.
 *
 * Whatever the server, the PGlite template is prepared here too (in node_modules/.cache, so initdb runs
 * once per checkout, not once per run): tests of the embedded default and of `check --shadow` copy it
 * into their projects instead of paying initdb each.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { maskUrl } from "../../src/db/connect.js";
import { ensureTemplate } from "../../src/embedded/template.js";
import { startEmbeddedHub } from "./embedded-hub.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A server's URL (its `postgres` database), or "" when the tests run on the embedded hub. */
    serverUrl: string;
    /** The embedded hub's address when there is no server, else "". */
    embeddedHubUrl: string;
    /** An initialised PGlite data directory to copy into a project's `.retort/`. */
    embeddedTemplateDir: string;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cacheDir = path.join(repoRoot, "node_modules/.cache/retort-test");

let stop: (() => Promise<unknown>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  // As vitest.config.ts sets it for the tests: the embedded hub's copies come from the same template.
  process.env.RETORT_CACHE_DIR ||= cacheDir;
  project.provide("embeddedTemplateDir", await ensureTemplate(cacheDir));
  project.provide("serverUrl", "");
  project.provide("embeddedHubUrl", "");

  const url = process.env.DATABASE_URL;
  if (url) {
    project.provide("serverUrl", url);
    console.warn(`integration tests run on ${await serverVersion(url)} at ${maskUrl(url)} (DATABASE_URL)`);
    return;
  }
  let noContainer = "Testcontainers is not tried (RETORT_TEST_DOCKER=0)";
  if (process.env.RETORT_TEST_DOCKER !== "0") {
    try {
      const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
      const container = await new PostgreSqlContainer("postgres:17-alpine").start();
      stop = () => container.stop();
      project.provide("serverUrl", container.getConnectionUri());
      console.warn(
        `integration tests run on ${await serverVersion(container.getConnectionUri())} in a Testcontainers ` +
          "container (postgres:17-alpine): DATABASE_URL is unset",
      );
      return;
    } catch (error) {
      noContainer = `Testcontainers could not start a server (${(error as Error).message.split("\n")[0] ?? ""})`;
    }
  }
  const hub = await startEmbeddedHub(cacheDir);
  stop = () => hub.close();
  project.provide("embeddedHubUrl", hub.url);
  console.warn(
    `integration tests run on the embedded database (PGlite): DATABASE_URL is unset and ${noContainer}`,
  );
}

/** `PostgreSQL 15.20`, or why the server did not say (the tests that need it will fail and say more). */
async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>(
      "SELECT split_part(current_setting('server_version'), ' ', 1) AS v",
    );
    return `PostgreSQL ${rows[0]?.v}`;
  } catch (error) {
    return `a server that does not answer (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function teardown(): Promise<void> {
  await stop?.();
}
