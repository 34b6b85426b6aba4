/**
 * What the round trip's catalog readings cover, as SQL conditions shared by the full reading
 * (./catalog-state.ts), its fingerprint (./catalog-fingerprint.ts) and the schema snapshot
 * (./schema-snapshot.ts): every schema a migration may have created, and every relation in them but
 * retort's own tables.
 */
import { quoteTextArray } from "../sql/quote.js";

/** `<nspname>` names a schema a migration may have created (not PostgreSQL's own). */
export const isUserSchema = (nspname: string) =>
  `${nspname} NOT LIKE 'pg\\_%' AND ${nspname} <> 'information_schema'`;

/** The relation `<nspname>.<relname>` is a kind the readings cover and not one of `excludeTables`. */
export const isCoveredRelation = (
  relkind: string,
  nspname: string,
  relname: string,
  excludeTables: readonly string[],
) =>
  `${relkind} IN ('r', 'p', 'v', 'm', 'S') AND NOT (${nspname} || '.' || ${relname} = ANY(${quoteTextArray(excludeTables)}))`;
