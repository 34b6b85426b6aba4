/**
 * Each command's --help lists its options in the order people need them (commander prints them in the
 * order they were added): what nearly every run uses first, the output format (--json) last, -h last
 * of all. Through the built CLI.
 */
import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
import { cliPath } from "../support/project.js";

/** The long names (or the short one, where there is no long) of the options `<command> --help` lists. */
function helpOptions(command: string): string[] {
  const help = spawnSync(process.execPath, [cliPath, command, "--help"], { encoding: "utf8" });
  expect(help.status, help.stderr).toBe(0);
  const options = help.stdout.slice(help.stdout.indexOf("\nOptions:\n"));
  return [...options.matchAll(/^ {2}(-\w, )?(--?[\w-]+)/gm)].map((match) => match[2]!);
}

test.for([
  [
    "revision",
    [
      "--message",
      "--autogenerate",
      "--rename",
      "--rename-table",
      "--online",
      "--fail-on-hazard",
      "--shadow",
      "--shadow-url",
      "--allow-empty",
      "--head",
      "--splice",
      "--branch-label",
      "--depends-on",
      "--rev-id",
    ],
  ],
  [
    "check",
    [
      "--shadow",
      "--shadow-url",
      "--rename",
      "--rename-table",
      "--online",
      "--fail-on-hazard",
      "--tenants",
      "--concurrency",
      "--json",
      "--format",
    ],
  ],
  ["history", ["--rev-range", "--verbose", "--indicate-current", "--graph", "--json"]],
  ["heads", ["--verbose", "--resolve-dependencies", "--json"]],
  ["current", ["--verbose", "--tenants", "--concurrency", "--json"]],
  ["merge", ["--message", "--branch-label", "--rev-id", "--splice"]],
  ["upgrade", ["--sql", "--lock-timeout", "--tenants", "--concurrency", "--fail-fast", "--json"]],
] as const)("%s --help: %j, then --help", ([command, order]) => {
  expect(helpOptions(command)).toEqual([...order, "--help"]);
});
