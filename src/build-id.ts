/**
 * Which build of retort this is, for caches that must not outlive the code that filled them: retort's
 * version and, for the folders of dist/ named, each compiled file's name, size and modification time
 * (a development build changes no version). The CLI runs that code from the bundle (dist/bundle/, see
 * scripts/bundle-cli.mjs), made from these folders by the same build: its files always count too.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { retortRoot } from "./loader/project-files.js";

const digests = new Map<string, string>();

export function retortBuildId(folders: readonly string[]): string {
  const wanted = [...new Set([...folders, "bundle"])].sort();
  const known = digests.get(wanted.join(","));
  if (known) return known;
  const parts: string[] = [];
  try {
    // By retortRoot (dist/), not by this module's place: in the bundle it sits in dist/bundle/.
    const manifest = readFileSync(path.join(retortRoot, "..", "package.json"), "utf8");
    parts.push((JSON.parse(manifest) as { version: string }).version);
  } catch {
    parts.push("unknown");
  }
  for (const folder of wanted) {
    const dir = path.join(retortRoot, folder);
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      // The code only: declarations and source maps change no behaviour (and were two thirds of the stats).
      if (name.endsWith(".d.ts") || name.endsWith(".map")) continue;
      const stat = statSync(path.join(dir, name));
      parts.push(`${folder}/${name}:${stat.size}:${stat.mtimeMs}`);
    }
  }
  const digest = createHash("sha256").update(parts.join("\n")).digest("hex");
  digests.set(wanted.join(","), digest);
  return digest;
}
