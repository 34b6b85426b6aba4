/**
 * Under vitest's summary: the suites skipped because they need a PostgreSQL server and the run had only
 * the embedded database, and how to run them. The summary alone says "12 skipped", and the reason is in
 * the suites' names, which only the verbose reporter prints. Named in vitest.config.ts after "default";
 * a run that names its own reporters (.ci/run) has a server, so nothing is skipped there.
 */
import type { Reporter, TestModule, Vitest } from "vitest/node";
import { NEEDS_SERVER } from "./server-only.js";

export default class SkipReasonsReporter implements Reporter {
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    let tests = 0;
    for (const module of modules) {
      for (const suite of module.children.allSuites()) {
        if (!suite.name.endsWith(`(${NEEDS_SERVER})`) || suite.state() !== "skipped") continue;
        const count = [...suite.children.allTests()].length;
        tests += count;
        const name = suite.name.slice(0, -(NEEDS_SERVER.length + 3));
        skipped.push(`  ${module.relativeModuleId}: ${name} (${count} test${count === 1 ? "" : "s"})`);
      }
    }
    if (skipped.length === 0) return;
    this.#vitest?.logger.log(
      [
        `Skipped ${tests} test${tests === 1 ? "" : "s"} that need a PostgreSQL server: this run had only the embedded database ` +
          "(set DATABASE_URL, or let Testcontainers start a server through Docker):",
        ...skipped,
        "",
      ].join("\n"),
    );
  }
}
