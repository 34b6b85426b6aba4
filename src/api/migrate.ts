/** `upgrade` and `downgrade` for library callers: apply (or, with `sql`, render) the steps. */
import { downgrade as downgradeCommand } from "../commands/downgrade.js";
import type { MigrateResult } from "../commands/migrate-options.js";
import { upgrade as upgradeCommand } from "../commands/upgrade.js";
import { type ApiOptions, resolveApiConfig } from "./options.js";

export interface MigrateApiOptions extends ApiOptions {
  /** Render the SQL script instead of running it (`<start>:<target>` needs no database). */
  readonly sql?: boolean;
}

/** `retort upgrade <target>`; the target defaults to `head`. Returns the steps committed, in order. */
export async function upgrade(target = "head", options: MigrateApiOptions = {}): Promise<MigrateResult> {
  const config = await resolveApiConfig(options);
  return upgradeCommand(config, target, {
    ...(config.log ? { log: config.log } : {}),
    ...(options.sql ? { sql: true } : {}),
  });
}

/** `retort downgrade <target>`: `base`, `-1`, a revision. Returns the steps committed, in order. */
export async function downgrade(target: string, options: MigrateApiOptions = {}): Promise<MigrateResult> {
  const config = await resolveApiConfig(options);
  return downgradeCommand(config, target, {
    ...(config.log ? { log: config.log } : {}),
    ...(options.sql ? { sql: true } : {}),
  });
}
