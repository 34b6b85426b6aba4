import type { Command } from "commander";
import { currentLines } from "./revision-lines.js";
import { optionsOf, printJson, printLines, projectOptionsOf } from "./shared.js";
import { addTenantOptions, refuseWithoutTenants, type TenantFlags } from "./tenants.js";

export function register(program: Command): void {
  addTenantOptions(
    program
      .command("current")
      .description("Display the current revision(s) of the database")
      .option("-v, --verbose", "show each revision in full"),
    false,
  )
    .option("--json", "print {heads: [revision, ...]} as JSON")
    .action(async (options: TenantFlags, command: Command) => {
      if (options.tenants !== undefined)
        return (await import("./tenant-commands.js")).currentTenantsCommand(options, command);
      refuseWithoutTenants(options, false);
      const { verbose } = optionsOf<{ verbose?: boolean }>(command);
      const { current, listCurrent } = await import("../commands/current.js");
      if (options.json) printJson(await current(projectOptionsOf(command)));
      else printLines(currentLines(await listCurrent(projectOptionsOf(command)), verbose === true));
    });
}
