/** `--shadow` and `--shadow-url`, which `check` and `revision` share. */
import type { Command } from "commander";
import type { ShadowOptions } from "../shadow/shadow-database.js";

export interface ShadowFlags {
  readonly shadow?: boolean;
  readonly shadowUrl?: string;
}

export function addShadowOptions(command: Command, purpose: string): Command {
  return command
    .option("--shadow", `replay every migration into a throw-away embedded database and ${purpose}`)
    .option(
      "--shadow-url <url>",
      "like --shadow, on a scratch database created (and dropped) on this server",
    );
}

/** The shadow the flags ask for, if any: `--shadow-url` implies `--shadow`. */
export function shadowFrom(flags: ShadowFlags): ShadowOptions | undefined {
  if (flags.shadowUrl !== undefined) return { url: flags.shadowUrl };
  return flags.shadow ? {} : undefined;
}
