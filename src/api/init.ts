/** `init` for library callers: a commented retort.config.ts and an empty migrations directory. */
import { type InitResult, init as initCommand } from "../commands/init.js";

export async function init(options: { cwd?: string; migrations?: string } = {}): Promise<InitResult> {
  return initCommand(options.cwd ?? process.cwd(), options.migrations);
}
