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
    // vitest's default on two cores is one worker: the files ran one after another while most of each
    // file's time is spent waiting for a CLI process or the server. Three keep both cores busy (every
    // file has its own databases and directories).
    maxWorkers: 3,
    // Every retort a test starts keeps its embedded template here (not in the user's cache): initdb
    // runs once per checkout, and a test of the first start points it at an empty directory.
    env: { RETORT_CACHE_DIR: path.join(repoRoot, "node_modules/.cache/retort-test") },
    // The second lists the suites skipped for want of a PostgreSQL server, and why, under the summary.
    reporters: ["default", "./test/support/skip-reasons-reporter.ts"],
  },
});
