/** `--rename`, `--rename-table`, `--online` and `--fail-on-hazard`, which `check` and `revision` share. */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { AutogeneratePolicy } from "../commands/compare.js";
import { parseHazardKinds } from "../commands/hazard-policy.js";
import type { Ask } from "../commands/rename-decider.js";
import { withProgressPaused } from "./progress.js";

export interface AutogenerateFlags {
  readonly rename?: string[];
  readonly renameTable?: string[];
  readonly online?: boolean;
  readonly failOnHazard?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addAutogenerateOptions(command: Command): Command {
  return command
    .option(
      "--rename <table.old=table.new>",
      "a column was renamed, not dropped and added; repeatable",
      collect,
    )
    .option("--rename-table <old=new>", "a table was renamed, not dropped and created; repeatable", collect)
    .option(
      "--online",
      "short-lock DDL: CREATE INDEX CONCURRENTLY, NOT VALID + VALIDATE, NOT NULL via a check",
    )
    .option(
      "--fail-on-hazard <kinds>",
      "exit 1 when an operation is data-loss, table-rewrite, long-lock or failure-risk (comma-separated)",
    );
}

/** The flags as options; never a question (`check` must not wait for one: see withTerminalAsk). */
export function autogeneratePolicyFrom(flags: AutogenerateFlags): AutogeneratePolicy {
  return {
    renames: { columns: flags.rename ?? [], tables: flags.renameTable ?? [] },
    ...(flags.online ? { online: true } : {}),
    ...(flags.failOnHazard ? { failOnHazard: parseHazardKinds(flags.failOnHazard) } : {}),
  };
}

/** For `revision --autogenerate` only: rename candidates the flags leave open are asked on a terminal. */
export function withTerminalAsk(options: AutogeneratePolicy): AutogeneratePolicy {
  const ask = terminalAsk();
  return ask ? { ...options, ask } : options;
}

/**
 * A yes/no question on the terminal, when there is one to ask on (stdin and stderr both TTYs): Node's
 * own readline, one interface per question so nothing holds stdin open afterwards.
 */
function terminalAsk(): Ask | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (question) =>
    withProgressPaused(async () => {
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await prompt.question(question);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        prompt.close();
      }
    });
}
