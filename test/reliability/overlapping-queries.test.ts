/**
 * retort overlaps queries on one connection on purpose (the catalog read while the model loads, the
 * model's canonicalisation behind it). pg 8 queued such queries itself and printed a deprecation
 * warning on stderr (pg 9 refuses them); retort's connections queue them instead, in the same order.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { describeWithDatabase, useDatabase } from "../support/database.js";

const connectModule = path.resolve(import.meta.dirname, "../../dist/db/connect.js");

describeWithDatabase("queries overlapping on one connection", () => {
  const db = useDatabase("retort_overlap");

  test("run in the order they were made, each answered, with no deprecation from pg", () => {
    const script = `
      const { connect } = await import(${JSON.stringify(connectModule)});
      const client = await connect(process.env.URL);
      const order = [];
      const made = [1, 2, 3, 4].map((n) =>
        client.query("SELECT $1::int AS n, pg_sleep(0.01)", [n]).then((r) => order.push(r.rows[0].n)),
      );
      const failed = client.query("SELECT 1/0").catch((error) => order.push(error.message));
      const after = client.query("SELECT 5 AS n").then((r) => order.push(r.rows[0].n));
      await Promise.all([...made, failed, after]);
      await client.end();
      console.log(JSON.stringify(order));
    `;
    const run = spawnSync(process.execPath, ["--throw-deprecation", "--input-type=module", "-e", script], {
      env: { ...process.env, URL: db().url },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([1, 2, 3, 4, "division by zero", 5]);
  });
});
