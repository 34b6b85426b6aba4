/**
 * `retort downgrade <target>` (`base`, `-1`, a revision): revert the applied migrations above the
 * target, newest first, or with `sql` render them as a SQL script (`downgrade <start>:<target> --sql`,
 * needs no database). The result lists the steps committed, in order.
 */
import { downgradeSteps } from "../graph/steps.js";
import { type MigrateOptions, type MigrateResult, migrate } from "./migrate.js";

export async function downgrade(target: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate("downgrade", target, options, (map, heads, to, warn) =>
    downgradeSteps(map, heads, to, { warn }),
  );
}
