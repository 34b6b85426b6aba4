/**
 * TypeORM's metadata build for the DataSource, without what makes it quadratic in the number of
 * entities: while it runs, the decorator storage answers from per-entity buckets
 * (./indexed-metadata-args.ts) and the inheritance check from a cache (./inheritance-cache.ts). Both
 * are installed on TypeORM's own objects only for the build and leave every answer as TypeORM's.
 */

import { withIndexedMetadataArgs } from "./indexed-metadata-args.js";
import { withInheritanceCache } from "./inheritance-cache.js";
import { type DataSourceLike, type TypeormModule, typeormInternal } from "./typeorm-module.js";

/** `stubs`: entities built only as relation targets (./partial-model.ts, ./indexed-metadata-args.ts). */
export function buildMetadata(
  typeorm: TypeormModule,
  dataSource: DataSourceLike,
  stubs?: ReadonlySet<unknown>,
): Promise<void> {
  const metadataUtils = (
    typeormInternal(typeorm, "metadata-builder/MetadataUtils.js") as { MetadataUtils?: unknown } | undefined
  )?.MetadataUtils;
  return withIndexedMetadataArgs(
    typeorm.getMetadataArgsStorage?.(),
    () => withInheritanceCache(metadataUtils, () => dataSource.buildMetadatas()),
    stubs,
  );
}
