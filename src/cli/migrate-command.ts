/**
 * `upgrade` and `downgrade`, which take the same flags (`--sql`, `--lock-timeout`), show the same
 * progress and print the same way: the script with --sql, or where the database already is when no
 * step ran. Only their name, their help and the library function they call differ.
 *
 * Besides the log lines on stderr, the status line says how far the run is, `upgrade: revision 3 of 5
 * (3.4 s)` (./progress.ts): the runner says when a step starts and how many the plan holds, which the
 * log lines alone cannot tell.
 */
import type { Command } from "commander";
import type { MigrateOptions, MigrateResult } from "../commands/migrate.js";
import { alreadyAt } from "./already-at.js";
import { addLockTimeoutOption, lockTimeoutOf } from "./lock-timeout-option.js";
import { progressDetail, withProgress } from "./progress.js";
import { printLines, projectOptionsOf } from "./shared.js";
import { addTenantOptions, refuseWithoutTenants, type TenantFlags } from "./tenants.js";

export interface MigrateCommand {
  readonly name: "upgrade" | "downgrade";
  readonly description: string;
  readonly sqlHelp: string;
  /** The library function, loaded when the command runs. */
  readonly load: () => Promise<(target: string, options: MigrateOptions) => Promise<MigrateResult>>;
}

interface MigrateFlags extends TenantFlags {
  readonly sql?: boolean;
  readonly lockTimeout?: number;
}

export function registerMigrateCommand(program: Command, spec: MigrateCommand): void {
  addTenantOptions(
    addLockTimeoutOption(
      program
        .command(spec.name)
        .description(spec.description)
        .argument("<target>", `revision to ${spec.name} to`)
        .option("--sql", spec.sqlHelp),
    ),
  ).action(async (target: string, flags: MigrateFlags, command: Command) => {
    if (flags.tenants !== undefined)
      return (await import("./tenant-commands.js")).migrateTenantsCommand(spec.name, target, flags, command);
    refuseWithoutTenants(flags);
    const migrate = await spec.load();
    const result = await withProgress(spec.name, () =>
      migrate(target, {
        ...projectOptionsOf(command),
        onStep: (number, total) => progressDetail(`revision ${number} of ${total}`),
        sql: flags.sql === true,
        ...lockTimeoutOf(flags),
      }),
    );
    if (result.sql) printLines(result.sql);
    else if (result.at) printLines([alreadyAt(target, result.at)]);
  });
}
