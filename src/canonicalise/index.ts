/**
 * The stage between the readers and the differ: the model, as the model reader gives it in TypeORM's
 * spelling, in PostgreSQL's spelling instead, so that the differ compares the server's output with
 * the server's output (./canonicalise.ts). The model cache (./model-cache.ts) remembers both forms
 * between runs, so that an unchanged project is neither loaded nor created again.
 */
import type pg from "pg";
import type { ModelSource as EntitySource, RawModelData } from "../models/index.js";
import type { Schema } from "../schema/ir.js";
import { timed } from "../timings.js";
import { ModelCache } from "./model-cache.js";

/**
 * Work of the caller's that needs no server, done while the server creates the model in the scratch
 * schemas (the process has nothing else to do then): `revision --autogenerate` decodes the live catalog
 * that arrived while the model loaded. It may run twice (a model PostgreSQL refuses is created again,
 * whole), and errors it throws are ignored: the caller meets them again when it does the same work.
 */
export type WhileWaiting = () => void;

/** Where the entities come from, and where the model cache lives. */
export interface ModelSource extends EntitySource {
  /** The model cache's directory (`.retort/cache`); none: no cache. */
  readonly cacheDir?: string;
}

/** The model as TypeORM spells it, with the cache it came from or goes to. Needs no database. */
export interface RawModel extends RawModelData {
  /** The model cache this came from or goes to (when `source.cacheDir` is set), see ./model-cache.ts. */
  readonly cache?: ModelCache;
}

/**
 * The model reader's answer (src/models), or, with `source.cacheDir`, the cache's copy of it when no
 * input changed: then neither TypeORM nor the entities are loaded.
 */
export async function loadRawModel(source: ModelSource): Promise<RawModel> {
  const cacheDir = source.cacheDir;
  const cache = cacheDir
    ? await timed("model cache: lookup", () => ModelCache.open({ ...source, cacheDir }))
    : undefined;
  const cached = cache ? await timed("model cache: lookup", () => cache.fresh()) : undefined;
  if (cache && cached) return { ...cached, cache };

  // Loaded only now: a hit needs neither the model reader nor the loader behind it.
  const { readRawModel } = await import("../models/index.js");
  const previous = cache?.previousModel();
  const { raw, inputs } = await readRawModel(
    cache
      ? {
          ...source,
          globbed: cache.globbed(),
          modulesBefore: cache.filesBefore(),
          ...(previous ? { previous } : {}),
        }
      : source,
  );
  if (!cache) return raw;
  await timed("model cache: recording inputs", () => cache.recordInputs(inputs));
  return { ...raw, cache };
}

/**
 * The model in PostgreSQL's canonical spelling, read back through `client`'s server. `whileWaiting`
 * runs if the server is asked to create anything, while it does (see WhileWaiting).
 */
export function canonicaliseModel(
  client: pg.ClientBase,
  raw: RawModel,
  whileWaiting?: WhileWaiting,
): Promise<Schema> {
  const { cache, ...data } = raw;
  return timed("canonicalising", async () =>
    cache
      ? cache.canonical(client, data, whileWaiting)
      : (await import("./canonicalise.js")).canonicalise(client, raw.schema, raw.defaultSchema, whileWaiting),
  );
}

/** Both steps: the schema the application's entities declare, canonical. */
export async function readModelSchema(source: ModelSource, client: pg.ClientBase): Promise<Schema> {
  return canonicaliseModel(client, await loadRawModel(source));
}
