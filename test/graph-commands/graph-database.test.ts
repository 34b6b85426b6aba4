/**
 * The graph commands on a real database, through the built CLI: upgrade and downgrade across branches,
 * merge points, branch labels and dependencies (each migration must run exactly once, in order),
 * current/history/show against the version table, stamp, and `upgrade --sql` reading the start from
 * the database without writing to it.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { query, useDatabase } from "../support/database.js";
import type { MigrationsProject } from "../support/migrations-dir.js";
import {
  createGraphProject,
  DEPENDS_ON,
  LABELLED,
  LINEAR,
  TWO_HEADS,
  writeRevisions,
} from "./graph-fixtures.js";

// Each test spawns the CLI several times (about a second each, more on a busy machine).
vi.setConfig({ testTimeout: 240_000 });

const LOG = "INFO  [retort.runtime.migration]";

/** The version table's rows, or null when it does not exist. */
async function versions(url: string): Promise<string[] | null> {
  const [row] = await query<{ found: boolean }>(
    url,
    "SELECT to_regclass('public.retort_version') IS NOT NULL AS found",
  );
  if (!row?.found) return null;
  const rows = await query<{ version_num: string }>(url, "SELECT version_num FROM retort_version ORDER BY 1");
  return rows.map((r) => r.version_num);
}

/** What the migrations recorded, in order: `<rev> <direction>`. */
async function ran(url: string): Promise<string[]> {
  const [row] = await query<{ found: boolean }>(url, "SELECT to_regclass('public.ran') IS NOT NULL AS found");
  if (!row?.found) return [];
  const rows = await query<{ rev: string; direction: string }>(
    url,
    "SELECT rev, direction FROM ran ORDER BY seq",
  );
  return rows.map((r) => `${r.rev} ${r.direction}`);
}

function graphSuite(revisions: Parameters<typeof createGraphProject>[0]) {
  const db = useDatabase("retort_graph");
  let project: MigrationsProject;
  beforeAll(() => {
    project = createGraphProject(revisions);
  });
  afterAll(() => project?.remove());
  return {
    db,
    project: () => project,
    retort: (...args: string[]) => project.run(args, { DATABASE_URL: db().url }),
  };
}

describe("two heads, then a merge", () => {
  const { db, project, retort } = graphSuite(TWO_HEADS);

  test("upgrade head is ambiguous and changes nothing", async () => {
    const result = retort("upgrade", "head");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "FAILED: Multiple head revisions are present for given argument 'head'; please specify a specific target " +
        "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads\n",
    );
    expect(await versions(db().url)).toBeNull();
  });

  test("upgrade heads applies each branch once; one row per head", async () => {
    const result = retort("upgrade", "heads");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      `${LOG} Running upgrade  -> 1975ea83b712, create account table\n` +
        `${LOG} Running upgrade 1975ea83b712 -> ae1027a6acf0, add a column\n` +
        `${LOG} Running upgrade 1975ea83b712 -> 27c6a30d7c24, add shopping cart table\n`,
    );
    expect(await ran(db().url)).toEqual([
      "1975ea83b712 upgrade",
      "ae1027a6acf0 upgrade",
      "27c6a30d7c24 upgrade",
    ]);
    expect(await versions(db().url)).toEqual(["27c6a30d7c24", "ae1027a6acf0"]);
  });

  test("current, current --verbose, history --indicate-current, show current", () => {
    expect(retort("current").stdout).toBe("27c6a30d7c24 (head)\nae1027a6acf0 (head)\n");
    const verbose = retort("current", "--verbose").stdout.split("\n");
    expect(verbose[0]).toBe(`Current revision(s) for ${db().url}:`);
    expect(verbose.filter((line) => line.startsWith("Rev: "))).toEqual([
      "Rev: 27c6a30d7c24 (head)",
      "Rev: ae1027a6acf0 (head)",
    ]);
    expect(retort("history", "--indicate-current").stdout).toBe(
      "1975ea83b712 -> 27c6a30d7c24 (head) (current), add shopping cart table\n" +
        "1975ea83b712 -> ae1027a6acf0 (head) (current), add a column\n" +
        "<base> -> 1975ea83b712 (branchpoint), create account table\n",
    );
    const range = retort("history", "-r", "1975:ae10", "--verbose", "--indicate-current").stdout;
    expect(range.split("\n").filter((line) => line.startsWith("Rev: "))).toEqual([
      "Rev: ae1027a6acf0 (head) (current)",
      "Rev: 1975ea83b712 (branchpoint)",
    ]);
    const shown = retort("show", "current");
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout.split("\n").filter((line) => line.startsWith("Rev: "))).toEqual([
      "Rev: 27c6a30d7c24 (head)",
      "Rev: ae1027a6acf0 (head)",
    ]);
  });

  test("history --graph marks the current revisions, -i or not", () => {
    const drawing =
      "* 27c6a30d7c24 (head) (current), add shopping cart table\n" +
      "| * ae1027a6acf0 (head) (current), add a column\n" +
      "|/\n" +
      "* 1975ea83b712 (branchpoint), create account table\n";
    for (const args of [["--graph"], ["--graph", "-i"]]) {
      const result = retort("history", ...args);
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(drawing);
    }
  });

  test("downgrade -1 from two heads warns, as Alembic does, and steps back the first", async () => {
    const result = retort("downgrade", "-1");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      // Alembic's `%(levelname)-5.5s` cuts WARNING to five characters.
      "WARNI [retort.runtime.migration] downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.\n" +
        `${LOG} Running downgrade 27c6a30d7c24 -> 1975ea83b712, add shopping cart table\n`,
    );
    expect(await versions(db().url)).toEqual(["ae1027a6acf0"]);
    expect(retort("upgrade", "27c6").status).toBe(0);
  });

  test("after merge heads, upgrade head crosses the merge point: the two rows become one", async () => {
    const merged = retort("merge", "heads", "-m", "merge ae1 and 27c", "--rev-id", "53fffde5ad50");
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(
      `Generating ${project().dir}/migrations/53fffde5ad50_merge_ae1_and_27c.ts ...  done\n`,
    );
    const result = retort("upgrade", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      `${LOG} Running upgrade 27c6a30d7c24, ae1027a6acf0 -> 53fffde5ad50, merge ae1 and 27c\n`,
    );
    expect(await versions(db().url)).toEqual(["53fffde5ad50"]);
    expect(retort("current").stdout).toBe("53fffde5ad50 (head) (mergepoint)\n");
  });

  test("downgrade below the merge point un-merges into two rows, then to base", async () => {
    const unmerge = retort("downgrade", "ae10");
    expect(unmerge.status, unmerge.stderr).toBe(0);
    expect(unmerge.stderr).toBe(
      `${LOG} Running downgrade 53fffde5ad50 -> 27c6a30d7c24, ae1027a6acf0, merge ae1 and 27c\n`,
    );
    expect(await versions(db().url)).toEqual(["27c6a30d7c24", "ae1027a6acf0"]);
    const base = retort("downgrade", "base");
    expect(base.status, base.stderr).toBe(0);
    expect(await versions(db().url)).toEqual([]);
    const downgrades = (await ran(db().url)).filter((line) => line.endsWith("downgrade"));
    expect(downgrades.slice(-3).sort()).toEqual([
      "1975ea83b712 downgrade",
      "27c6a30d7c24 downgrade",
      "ae1027a6acf0 downgrade",
    ]);
    expect(downgrades.at(-1)).toBe("1975ea83b712 downgrade");
    expect(retort("current").stdout).toBe("<base> (no revision applied)\n");
  });
});

describe("labelled branches", () => {
  const { db, retort } = graphSuite(LABELLED);

  test("upgrade <branch>@head applies that branch only", async () => {
    const result = retort("upgrade", "shoppingcart@head");
    expect(result.status, result.stderr).toBe(0);
    expect(await ran(db().url)).toEqual([
      "c1a0b2d3e4f5 upgrade",
      "c2b1c3d4e5f6 upgrade",
      "c3c2d4e5f6a7 upgrade",
    ]);
    expect(await versions(db().url)).toEqual(["c3c2d4e5f6a7"]);
  });

  test("<branch>@+1 starts the other branch from its base", async () => {
    const result = retort("upgrade", "networking@+1");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`${LOG} Running upgrade  -> e1a0b2d3e4f5, create networking\n`);
    expect(await versions(db().url)).toEqual(["c3c2d4e5f6a7", "e1a0b2d3e4f5"]);
    expect(retort("current").stdout).toBe("c3c2d4e5f6a7 (head)\ne1a0b2d3e4f5\n");
  });

  test("downgrade <branch>@-1 and <branch>@base touch that branch only", async () => {
    const back = retort("downgrade", "shoppingcart@-1");
    expect(back.status, back.stderr).toBe(0);
    expect(back.stderr).toBe(`${LOG} Running downgrade c3c2d4e5f6a7 -> c2b1c3d4e5f6, add cart totals\n`);
    const base = retort("downgrade", "networking@base");
    expect(base.status, base.stderr).toBe(0);
    expect(base.stderr).toBe(`${LOG} Running downgrade e1a0b2d3e4f5 -> , create networking\n`);
    expect(await versions(db().url)).toEqual(["c2b1c3d4e5f6"]);
  });

  test("upgrade heads", async () => {
    expect(retort("upgrade", "heads").status).toBe(0);
    expect(await versions(db().url)).toEqual(["c3c2d4e5f6a7", "e2b1c3d4e5f6"]);
  });
});

describe("depends-on", () => {
  const { db, retort } = graphSuite(DEPENDS_ON);

  test("upgrading a dependent pulls its dependencies in first", async () => {
    const result = retort("upgrade", "networking@head");
    expect(result.status, result.stderr).toBe(0);
    expect(await ran(db().url)).toEqual([
      "f0d1e2c3b4a5 upgrade",
      "c1a0b2d3e4f5 upgrade",
      "c2b1c3d4e5f6 upgrade",
      "e1a0b2d3e4f5 upgrade",
      "e2b1c3d4e5f6 upgrade",
      "e3c2d4e5f6a7 upgrade",
    ]);
    // The dependent's row stands for its dependencies, as in Alembic; current lists them all.
    expect(await versions(db().url)).toEqual(["e3c2d4e5f6a7"]);
    expect(retort("current").stdout).toBe(
      "c2b1c3d4e5f6\ne3c2d4e5f6a7 (head)\nf0d1e2c3b4a5 (effective head)\n",
    );
  });

  test("downgrading a dependency takes its dependents out first", async () => {
    const result = retort("downgrade", "c1a0");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      `${LOG} Running downgrade e3c2d4e5f6a7 -> e2b1c3d4e5f6, add ip account table\n` +
        `${LOG} Running downgrade c2b1c3d4e5f6 -> c1a0b2d3e4f5, add cart items\n`,
    );
    expect(await versions(db().url)).toEqual(["c1a0b2d3e4f5", "e2b1c3d4e5f6", "f0d1e2c3b4a5"]);
  });
});

describe("stamp", () => {
  const { db, project, retort } = graphSuite(LINEAR);

  test("stamp head records the head without running anything", async () => {
    const result = retort("stamp", "head");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`${LOG} Running stamp_revision  -> 5a3d1e4c7b90\n`);
    expect(await versions(db().url)).toEqual(["5a3d1e4c7b90"]);
    expect(await ran(db().url)).toEqual([]);
    expect(retort("upgrade", "head").stderr).toBe("");
  });

  test("stamp an older revision, then upgrade runs only what is above it", async () => {
    expect(retort("stamp", "3cac").stderr).toBe(
      `${LOG} Running stamp_revision 5a3d1e4c7b90 -> 3cac04ae8714\n`,
    );
    expect(await versions(db().url)).toEqual(["3cac04ae8714"]);
    expect(retort("upgrade", "head").status).toBe(0);
    expect(await ran(db().url)).toEqual(["5a3d1e4c7b90 upgrade"]);
  });

  test("stamp base empties the version table", async () => {
    expect(retort("stamp", "base").stderr).toBe(`${LOG} Running stamp_revision 5a3d1e4c7b90 -> \n`);
    expect(await versions(db().url)).toEqual([]);
  });

  test("a row naming a revision that no longer exists: refused, then repaired with --purge", async () => {
    await query(db().url, "INSERT INTO retort_version VALUES ('deadbeef0000')");
    const refused = retort("stamp", "head");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe("FAILED: Can't locate revision identified by 'deadbeef0000'\n");
    const purged = retort("stamp", "--purge", "ae10");
    expect(purged.status, purged.stderr).toBe(0);
    expect(await versions(db().url)).toEqual(["ae1027a6acf0"]);
  });

  test("two heads: stamp head is ambiguous, stamp heads records both", async () => {
    writeRevisions(project(), [{ id: "b7e2c4d6f8a0", down: "ae1027a6acf0", message: "side branch" }]);
    const ambiguous = retort("stamp", "head");
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toBe(
      "FAILED: Multiple heads are present; please specify a single target revision\n",
    );
    expect(retort("stamp", "heads").status).toBe(0);
    expect(await versions(db().url)).toEqual(["5a3d1e4c7b90", "b7e2c4d6f8a0"]);
    expect(retort("stamp", "ae10").status).toBe(0);
    expect(await versions(db().url)).toEqual(["ae1027a6acf0"]);
  });

  test("an unknown revision", () => {
    const result = retort("stamp", "nope");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("FAILED: Can't locate revision identified by 'nope'\n");
  });
});

describe("upgrade --sql without a start reads the database's version", () => {
  const { db, retort } = graphSuite(LINEAR);

  test("from an unversioned database: the script creates the version table; the database is untouched", async () => {
    const result = retort("upgrade", "ae10", "--sql");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('CREATE TABLE IF NOT EXISTS "public"."retort_version" (');
    expect(result.stdout).toContain("-- Running upgrade  -> 1975ea83b712\n");
    expect(result.stdout).toContain("-- Running upgrade 1975ea83b712 -> ae1027a6acf0\n");
    expect(await versions(db().url)).toBeNull();
    expect(await ran(db().url)).toEqual([]);
  });

  test("from a versioned database: the script starts at its revision", async () => {
    expect(retort("upgrade", "ae10").status).toBe(0);
    const result = retort("upgrade", "head", "--sql");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.match(/^-- Running .*$/gm)).toEqual([
      "-- Running upgrade ae1027a6acf0 -> 3cac04ae8714",
      "-- Running upgrade 3cac04ae8714 -> 5a3d1e4c7b90",
    ]);
    expect(result.stdout).not.toContain('CREATE TABLE IF NOT EXISTS "public"."retort_version"');
    expect(await versions(db().url)).toEqual(["ae1027a6acf0"]);
    expect(await ran(db().url)).toEqual(["1975ea83b712 upgrade", "ae1027a6acf0 upgrade"]);
  });

  test("the script applies with psql-like execution and leaves the database at the target", async () => {
    const script = retort("upgrade", "head", "--sql").stdout;
    await query(db().url, script);
    expect(await versions(db().url)).toEqual(["5a3d1e4c7b90"]);
    expect(retort("current").stdout).toBe("5a3d1e4c7b90 (head)\n");
  });
});
