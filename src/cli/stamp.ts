import type { Command } from "commander";
import { addLockTimeoutOption, lockTimeoutOf } from "./lock-timeout-option.js";
import { projectOptionsOf } from "./shared.js";
import { addTenantOptions, refuseWithoutTenants, type TenantFlags } from "./tenants.js";

type StampFlags = TenantFlags & { purge?: boolean; lockTimeout?: number };

export function register(program: Command): void {
  addTenantOptions(
    addLockTimeoutOption(
      program
        .command("stamp")
        .description("Set the version table to the given revision(s) without running any migration")
        .argument("<revisions...>", "head, heads, base, <rev>, <rev prefix>, <branch>@head")
        .option("--purge", "delete every row of the version table first"),
    ),
  ).action(async (revisions: string[], options: StampFlags, command: Command) => {
    if (options.tenants !== undefined)
      return (await import("./tenant-commands.js")).stampTenantsCommand(revisions, options, command);
    refuseWithoutTenants(options);
    const { stamp } = await import("../commands/stamp.js");
    await stamp(revisions, {
      ...projectOptionsOf(command),
      purge: options.purge === true,
      ...lockTimeoutOf(options),
    });
  });
}
