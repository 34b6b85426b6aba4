import path from "node:path";
import type { ModelSource } from "../canonicalise/index.js";
import type { ResolvedConfig } from "../config/load-config.js";

/**
 * Where the entities come from, as the config resolved it (paths are already absolute), and where the
 * model cache lives: `.retort/cache/` next to the config file (or in the working directory), unless
 * `RETORT_CACHE=0`.
 */
export function modelSourceOf(config: ResolvedConfig): ModelSource {
  return {
    cwd: config.cwd,
    ...(process.env.RETORT_CACHE !== "0" ? { cacheDir: path.join(config.retortDir, "cache") } : {}),
    ...(config.entities ? { entities: config.entities } : {}),
    ...(config.dataSource ? { dataSource: config.dataSource } : {}),
    ...(config.tsconfig ? { tsconfig: config.tsconfig } : {}),
  };
}
