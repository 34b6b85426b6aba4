import type { ResolvedConfig } from "../config/load-config.js";
import type { ModelSource } from "../models/index.js";

/** Where the entities come from, as the config resolved it (paths are already absolute). */
export function modelSourceOf(config: ResolvedConfig): ModelSource {
  return {
    cwd: config.cwd,
    ...(config.entities ? { entities: config.entities } : {}),
    ...(config.dataSource ? { dataSource: config.dataSource } : {}),
  };
}
