import path from "node:path";
import type { Command } from "commander";
import { optionsOf, printLines } from "./shared.js";

export function register(program: Command): void {
  program
    .command("init")
    .description("Write retort.config.ts and an empty migrations directory")
    .action(async (_options: unknown, command: Command) => {
      const { migrations } = optionsOf(command);
      const { init } = await import("../commands/init.js");
      const result = await init({ cwd: process.cwd(), ...(migrations !== undefined ? { migrations } : {}) });
      const relative = (file: string) => path.relative(process.cwd(), file) || ".";
      printLines([
        `Creating directory ${result.migrationsDir} ...  done`,
        `Generating ${result.configFile} ...  done`,
        result.dataSource
          ? `Using the DataSource in ${result.dataSource}.`
          : result.entities.length > 0
            ? `Using the entity files ${result.entities.join(", ")}; edit ${relative(result.configFile)} to change them.`
            : `No entity files or DataSource found under src/: set entities or dataSource in ${relative(result.configFile)}.`,
      ]);
    });
}
