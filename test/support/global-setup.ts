/**
 * Finds the PostgreSQL server the integration tests run against, once per `vitest run`:
 * 1. $DATABASE_URL when set (CI sets it to the local server);
 * 2. otherwise a Testcontainers PostgreSQL, when a Docker engine answers;
 * 3. otherwise none: integration tests then skip and say why.
 * Each test file creates (and drops) its own database on that server: see ./database.ts.
 */
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    serverUnavailableReason: string;
  }
}

let stopContainer: (() => Promise<unknown>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    project.provide("serverUrl", process.env.DATABASE_URL);
    project.provide("serverUnavailableReason", "");
    return;
  }
  try {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:17-alpine").start();
    stopContainer = () => container.stop();
    project.provide("serverUrl", container.getConnectionUri());
    project.provide("serverUnavailableReason", "");
  } catch (error) {
    project.provide("serverUrl", "");
    project.provide(
      "serverUnavailableReason",
      `no PostgreSQL for integration tests: DATABASE_URL is unset and Testcontainers could not start one (${
        (error as Error).message.split("\n")[0]
      })`,
    );
  }
}

export async function teardown(): Promise<void> {
  await stopContainer?.();
}
