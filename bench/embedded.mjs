/**
 * The embedded default on the demo project (examples/blog, no server): the first start on a machine
 * (no template in the user's cache: initdb), the first start in a project (the template there: a
 * copy), then `current`, `check`, `revision --autogenerate` and `upgrade head`, each a whole process.
 * DATABASE_URL is removed from the environment, as on a machine with no server; RETORT_CACHE_DIR points
 * into the bench's own directory, so the user's cache is neither used nor touched.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { cli, log, measure, repo, run, work } from "./processes.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export function benchEmbedded() {
  const dir = path.join(work, "embedded-blog");
  cpSync(path.join(repo, "examples/blog"), dir, { recursive: true });
  mkdirSync(path.join(dir, "node_modules"));
  for (const name of readdirSync(path.join(repo, "node_modules"))) {
    if (name !== ".cache" && name !== ".bin") {
      symlinkSync(path.join(repo, "node_modules", name), path.join(dir, "node_modules", name));
    }
  }
  const userCache = path.join(work, "user-cache");
  const env = { DATABASE_URL: "", RETORT_CACHE_DIR: userCache };
  const retort = (label, args, options = {}) => run(label, cli, args, { cwd: dir, env, ...options });
  const migrations = path.join(dir, "migrations");
  const committed = new Set(readdirSync(migrations));
  const removeGenerated = () => {
    for (const file of readdirSync(migrations)) if (!committed.has(file)) rmSync(path.join(migrations, file));
  };

  log("embedded database, the demo project (examples/blog)");
  const firstOnMachine = measure(
    "first start on a machine (retort current, no template: initdb)",
    RUNS,
    () => {
      rmSync(path.join(dir, ".retort"), { recursive: true, force: true });
      rmSync(userCache, { recursive: true, force: true });
      return retort("first current on a machine", ["current"]);
    },
  );
  const firstStart = measure(
    "first start in a project (retort current, no .retort/, the template cached)",
    RUNS,
    () => {
      rmSync(path.join(dir, ".retort"), { recursive: true, force: true });
      return retort("first current", ["current"]);
    },
  );
  const current = measure("retort current", RUNS, () => retort("current", ["current"]));
  // Apply the committed history, from base each time (the downgrade is not timed).
  const upgrade = measure("retort upgrade head (3 revisions)", RUNS, () => {
    retort("downgrade base", ["downgrade", "base"]);
    return retort("upgrade head", ["upgrade", "head"]);
  });
  // The example's entities have one change its migrations lack: check finds it (exit 1), the
  // autogenerate writes it. The first check fills the model cache and is not counted.
  retort("check (warm-up)", ["check"], { expectStatus: 1 });
  const check = measure("retort check (one pending change)", RUNS, () =>
    retort("check", ["check"], { expectStatus: 1 }),
  );
  const autogenerate = measure("retort revision --autogenerate", RUNS, () => {
    const result = retort("autogenerate", ["revision", "--autogenerate", "-m", "add summary"]);
    removeGenerated();
    return result;
  });
  return { firstOnMachine, firstStart, current, check, autogenerate, upgrade };
}
