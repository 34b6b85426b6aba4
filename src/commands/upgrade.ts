/**
 * `retort upgrade <target>`: apply the migrations between the database's heads and the target, or with
 * `sql` render them as a SQL script (`upgrade <start>:<target> --sql` needs no database). The target
 * defaults to `head`; the result lists the steps committed, in order.
 */
import { upgradeSteps } from "../graph/steps.js";
import { type MigrateOptions, type MigrateResult, migrate } from "./migrate.js";

export async function upgrade(target = "head", options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate("upgrade", target, options, (map, heads, to) => upgradeSteps(map, heads, to));
}
