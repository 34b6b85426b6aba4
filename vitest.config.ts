import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generous: integration tests spawn the CLI, and a loaded 2-core machine runs it several times slower.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ["test/support/global-setup.ts"],
    // The second lists the suites skipped for want of a PostgreSQL server, and why, under the summary.
    reporters: ["default", "./test/support/skip-reasons-reporter.ts"],
  },
});
