/**
 * The pure parts of a fleet: the tenants checked and selected, the config's `tenants` shape, which
 * operations a schema tenant runs, its schema read as the default one, the lock key per version table,
 * the report. No database.
 */
import { describe, expect, test } from "vitest";
import { fleetCurrentReport, fleetRunReport } from "../../src/cli/tenant-reports.js";
import { configProblem } from "../../src/config/config-schema.js";
import { RetortError } from "../../src/errors.js";
import { runsInTenant } from "../../src/ops/operation-schema.js";
import type { Operation } from "../../src/ops/operations.js";
import { MIGRATION_LOCK_KEY, migrationLockKey } from "../../src/runner/advisory-lock.js";
import type { FleetRunResult } from "../../src/tenants/fleet-migrate.js";
import type { Tenant } from "../../src/tenants/tenant.js";
import { onlySchema, renamedSchema } from "../../src/tenants/tenant-schema.js";
import { selectTenants } from "../../src/tenants/tenant-selector.js";
import { checkedTenants } from "../../src/tenants/tenant-source.js";
import { col, schemaOf, tbl } from "../support/ir-builders.js";

const tenants: Tenant[] = checkedTenants(
  [
    { name: "acme", schema: "tenant_acme" },
    { name: "eu-globex", schema: "tenant_globex" },
    { name: "eu-initech", url: "postgresql://app:secret@db2/initech" },
  ],
  "public",
);

describe("tenants from the config", () => {
  test("checked tenants are sorted by name, each a schema or a database tenant", () => {
    expect(tenants.map((t) => [t.name, t.kind])).toEqual([
      ["acme", "schema"],
      ["eu-globex", "schema"],
      ["eu-initech", "database"],
    ]);
  });

  test.for([
    [[{ schema: "s" }], "tenant #1 has no name"],
    [[{ name: "a" }], "tenant 'a' must have either a schema or a url"],
    [[{ name: "a", schema: "s", url: "postgresql://h/d" }], "tenant 'a' must have either a schema or a url"],
    [[{ name: "a", schema: "public" }], "tenant 'a' uses schema 'public', the main run's default schema"],
    [
      [
        { name: "a", schema: "s" },
        { name: "a", schema: "t" },
      ],
      "tenant 'a' is listed twice",
    ],
    [
      [
        { name: "a", schema: "s" },
        { name: "b", schema: "s" },
      ],
      "tenants 'a' and 'b' both use schema 's'",
    ],
    [[{ name: "a", url: "mysql://h/d" }], "tenant 'a': Invalid database URL"],
  ] as const)("%j is refused: %s", ([specs, problem]) => {
    expect(() => checkedTenants(specs, "public")).toThrow(problem);
  });

  test("every problem is named at once", () => {
    expect(() => checkedTenants([{ name: "a" }, { schema: "s" }], "public")).toThrow(
      "Invalid tenants: tenant 'a' must have either a schema or a url; tenant #2 has no name",
    );
  });

  test("the config's tenants: a list, a function or a query; anything else is one clear line", () => {
    expect(configProblem({ tenants: [{ name: "a", schema: "s" }] })).toBeUndefined();
    expect(configProblem({ tenants: async () => [] })).toBeUndefined();
    expect(configProblem({ tenants: { sql: "SELECT name, schema FROM tenants" } })).toBeUndefined();
    expect(configProblem({ tenantReference: "a" })).toBeUndefined();
    expect(configProblem({ tenants: "all" })).toMatch(/^'tenants' must be a list of \{ name, schema \}/);
    expect(configProblem({ tenants: [{ name: "a", schemaa: "s" }] })).toMatch(/^'tenants' must be/);
    expect(configProblem({ tenantReference: 1 })).toBe("'tenantReference' must be a string");
  });
});

describe("--tenants", () => {
  const names = (selector: string) => selectTenants(tenants, selector).map((t) => t.name);

  test.for([
    ["all", ["acme", "eu-globex", "eu-initech"]],
    ["acme", ["acme"]],
    ["eu-*", ["eu-globex", "eu-initech"]],
    ["acme, eu-glob?x", ["acme", "eu-globex"]],
  ] as const)("%s selects %j", ([selector, expected]) => {
    expect(names(selector)).toEqual(expected);
  });

  test("a name that is no tenant's, or a glob that selects none, fails the command", () => {
    expect(() => names("acme,acmee")).toThrow(
      new RetortError("No tenant named 'acmee' (3 tenants configured)"),
    );
    expect(() => names("us-*")).toThrow("--tenants 'us-*' selects no tenant");
    expect(() => names(" , ")).toThrow("--tenants needs `all`, names or globs");
  });
});

describe("a schema tenant's run", () => {
  const ops: [string, Operation, boolean][] = [
    [
      "a table in its schema",
      { kind: "createTable", table: tbl("account", [col("id", "integer")], [], "t1") },
      true,
    ],
    [
      "a column in its schema",
      { kind: "addColumn", schema: "t1", table: "a", column: col("x", "text") },
      true,
    ],
    ["hand-written SQL", { kind: "execute", sql: "UPDATE account SET x = 1" }, true],
    [
      "a shared table",
      { kind: "createTable", table: tbl("plan", [col("id", "integer")], [], "shared") },
      false,
    ],
    ["an index on a shared table", { kind: "renameIndex", schema: "shared", from: "a", to: "b" }, false],
    ["a schema", { kind: "createSchema", schema: "shared" }, false],
    ["an extension", { kind: "createExtension", extension: { kind: "extension", name: "citext" } }, false],
  ];
  test.for(ops)("%s: runs there is %s", ([, op, runs]) => {
    expect(runsInTenant(op, "t1")).toBe(runs);
  });

  test("its schema read as the default one: objects and references moved, namespaces dropped", () => {
    const read = {
      ...schemaOf(
        {
          ...tbl("account", [col("id", "integer")], ["id"], "t1"),
          foreignKeys: [
            {
              kind: "foreignKey" as const,
              name: "fk_plan",
              columns: ["plan"],
              referencedSchema: "shared",
              referencedTable: "plan",
              referencedColumns: ["id"],
              onDelete: "NO ACTION" as const,
              onUpdate: "NO ACTION" as const,
              deferrable: "not deferrable" as const,
            },
            {
              kind: "foreignKey" as const,
              name: "fk_parent",
              columns: ["parent"],
              referencedSchema: "t1",
              referencedTable: "account",
              referencedColumns: ["id"],
              onDelete: "NO ACTION" as const,
              onUpdate: "NO ACTION" as const,
              deferrable: "not deferrable" as const,
            },
          ],
        },
        tbl("plan", [col("id", "integer")], ["id"], "shared"),
      ),
      namespaces: ["shared", "t1"],
      enums: [{ kind: "enum" as const, schema: "t1", name: "mood", values: ["ok"] }],
    };
    const renamed = renamedSchema(read, "t1", "public");
    expect(renamed.namespaces).toEqual(["shared"]);
    expect(renamed.enums.map((e) => e.schema)).toEqual(["public"]);
    expect(renamed.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(["public.account", "shared.plan"]);
    expect(renamed.tables[0]!.foreignKeys.map((fk) => fk.referencedSchema)).toEqual(["shared", "public"]);
    expect(onlySchema(renamed, "public").tables.map((t) => t.name)).toEqual(["account"]);
  });
});

test("the migration lock: the default version table keeps the fixed key, every other table has its own", () => {
  expect(migrationLockKey()).toBe(MIGRATION_LOCK_KEY);
  expect(migrationLockKey({ schema: "public", table: "retort_version" })).toBe(MIGRATION_LOCK_KEY);
  const a = migrationLockKey({ schema: "tenant_a", table: "retort_version" });
  const b = migrationLockKey({ schema: "tenant_b", table: "retort_version" });
  expect(new Set([MIGRATION_LOCK_KEY, a, b]).size).toBe(3);
  // The parts are separated: `a.bc` and `ab.c` are two tables.
  expect(migrationLockKey({ schema: "a", table: "bc" })).not.toBe(
    migrationLockKey({ schema: "ab", table: "c" }),
  );
});

test("the report: a row per tenant, the errors under the table, a count per status", () => {
  const result: FleetRunResult = {
    concurrency: 4,
    tenants: [
      {
        tenant: "acme",
        layout: "schema",
        status: "upgraded",
        from: [],
        to: ["b2"],
        steps: [],
        milliseconds: 1234,
      },
      {
        tenant: "globex",
        layout: "schema",
        status: "unchanged",
        from: ["b2"],
        to: ["b2"],
        steps: [],
        milliseconds: 0,
      },
      {
        tenant: "initech",
        layout: "database",
        status: "failed",
        from: ["a1"],
        to: ["a1"],
        steps: [],
        milliseconds: 80,
        error: "upgrade of revision b2 failed and was rolled back: boom while running: SELECT 1",
      },
      {
        tenant: "umbrella",
        layout: "schema",
        status: "not started",
        from: null,
        to: null,
        steps: [],
        milliseconds: 0,
      },
    ],
    stopped: "fail-fast",
  };
  expect(fleetRunReport(result)).toEqual([
    "tenant    from    to  time   status",
    "acme      <base>  b2  1.2 s  upgraded",
    "globex    b2      b2  -      unchanged",
    "initech   a1      a1  0.1 s  failed",
    "umbrella  ?       ?   -      not started",
    "",
    "initech: upgrade of revision b2 failed and was rolled back: boom while running: SELECT 1",
    "4 tenants: 1 upgraded, 1 unchanged, 1 failed, 1 not started (stopped after the first failure: --fail-fast)",
  ]);
});

test("current's report: the histogram with the head marked, then the stragglers", () => {
  expect(
    fleetCurrentReport({
      revisions: [
        { revision: "b2", tenants: 197, head: true },
        { revision: "a1", tenants: 3, head: false },
      ],
      stragglers: [
        { tenant: "t007", at: ["a1"] },
        { tenant: "t042", at: null, error: "Can't locate revision identified by 'zz'" },
      ],
      tenants: [],
    }),
  ).toEqual([
    "revision   tenants",
    "b2 (head)  197",
    "a1         3",
    "",
    "2 tenants not at the head:",
    "  t007: a1",
    "  t042: ? (Can't locate revision identified by 'zz')",
  ]);
});
