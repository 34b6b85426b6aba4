/** `stamp` for library callers: set the version table without running any migration. */
import { stamp as stampCommand } from "../commands/stamp.js";
import { type ApiOptions, resolveApiConfig } from "./options.js";

export interface StampApiOptions extends ApiOptions {
  /** Delete every row of the version table first. */
  readonly purge?: boolean;
}

/** Returns the version table's rows afterwards: the revisions the database is now recorded at. */
export async function stamp(
  revisions: string | readonly string[],
  options: StampApiOptions = {},
): Promise<{ versions: string[] }> {
  const config = await resolveApiConfig(options);
  const versions = await stampCommand(config, typeof revisions === "string" ? [revisions] : revisions, {
    ...(options.purge ? { purge: true } : {}),
    ...(config.log ? { log: config.log } : {}),
  });
  return { versions };
}
