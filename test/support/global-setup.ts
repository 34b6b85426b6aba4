/**
 * Finds the PostgreSQL the integration tests run against, once per `vitest run`:
 * 1. $DATABASE_URL when set (CI sets it to the local server);
 * 2. otherwise a Testcontainers PostgreSQL, when a Docker engine answers (not tried with
 *    RETORT_TEST_DOCKER=0: scripts/test-offline.sh cuts the network off, and a Docker engine reached
 *    through its socket would still start a container, on a port that network cannot reach);
 * 3. otherwise the embedded database (PGlite): ./embedded-hub.ts hands out one instance per test
 *    database, so `npm test` passes on a machine with nothing installed but Node.
 * Each test file creates (and drops) its own database: see ./database.ts.
 *
 * Whatever the server, the PGlite template is prepared here too (in node_modules/.cache, so initdb runs
 * once per checkout, not once per run): tests of the embedded default and of `check --shadow` copy it
 * into their projects instead of paying initdb each.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
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
  project.provide("embeddedTemplateDir", await ensureTemplate(cacheDir));
  project.provide("serverUrl", "");
  project.provide("embeddedHubUrl", "");

  if (process.env.DATABASE_URL) {
    project.provide("serverUrl", process.env.DATABASE_URL);
    return;
  }
  let noContainer = "Testcontainers is not tried (RETORT_TEST_DOCKER=0)";
  if (process.env.RETORT_TEST_DOCKER !== "0") {
    try {
      const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
      const container = await new PostgreSqlContainer("postgres:17-alpine").start();
      stop = () => container.stop();
      project.provide("serverUrl", container.getConnectionUri());
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

export async function teardown(): Promise<void> {
  await stop?.();
}
