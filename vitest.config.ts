import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const repoRoot = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generous: integration tests spawn the CLI, and a loaded 2-core machine runs it several times slower.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ["test/support/global-setup.ts"],
    // Every retort a test starts keeps its embedded template here (not in the user's cache): initdb
    // runs once per checkout, and a test of the first start points it at an empty directory.
    env: { RETORT_CACHE_DIR: path.join(repoRoot, "node_modules/.cache/retort-test") },
    // The second lists the suites skipped for want of a PostgreSQL server, and why, under the summary.
    reporters: ["default", "./test/support/skip-reasons-reporter.ts"],
  },
});
