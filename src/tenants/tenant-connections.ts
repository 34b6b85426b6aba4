/**
 * The connections of a fleet run. Each worker of the pool (./worker-pool.ts) keeps one connection to
 * the main database for the schema tenants it runs one after another, since opening one costs about as
 * much as a small migration; between two tenants it is reset (`RESET ALL`), so nothing one tenant's
 * migrations set reaches the next, and its search_path is set to the tenant's schema, then `public`.
 * One that no longer answers is replaced. A database tenant gets a connection to its own URL for the
 * length of its run.
 *
 * The embedded database is a single session: there the fleet runs one tenant at a time, on the
 * command's own connection.
 */
import type pg from "pg";
import { connect } from "../db/connect.js";
import { quoteIdent } from "../sql/quote.js";
import type { Tenant } from "./tenant.js";

export interface MainDatabase {
  /** The command's own connection to the main database. */
  readonly client: pg.Client;
  /** Where more connections to it are opened; undefined for the embedded database (one session). */
  readonly url: string | undefined;
}

export class TenantConnections {
  readonly #kept = new Map<number, pg.Client>();

  constructor(private readonly main: MainDatabase | undefined) {}

  /** `use` runs with a connection to the tenant, ready for it, while `worker` holds no other. */
  async with<T>(tenant: Tenant, worker: number, use: (client: pg.Client) => Promise<T>): Promise<T> {
    if (tenant.kind === "database") {
      const client = await connect(tenant.url);
      try {
        return await use(client);
      } finally {
        await client.end().catch(() => {});
      }
    }
    const client = await this.#readyFor(tenant.schema, worker);
    try {
      return await use(client);
    } catch (error) {
      await this.#discard(worker, client);
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#kept.keys()].map((worker) => this.#discard(worker, this.#kept.get(worker)!)));
    if (this.main && this.main.url === undefined) await this.main.client.query("RESET ALL").catch(() => {});
  }

  /**
   * The worker's connection, reset and set to the tenant's schema. One kept from an earlier tenant that
   * no longer answers (its server session ended) is replaced once, so one tenant's lost connection does
   * not fail the next.
   */
  async #readyFor(schema: string, worker: number): Promise<pg.Client> {
    const prepare = (client: pg.Client) =>
      client.query(`RESET ALL; SET search_path TO ${quoteIdent(schema)}, public`);
    const kept = this.#workerClient(worker);
    const client = kept ?? (await this.#open(worker));
    try {
      await prepare(client);
      return client;
    } catch (error) {
      if (!kept || client === this.main?.client) throw error;
      await this.#discard(worker, client);
      const fresh = await this.#open(worker);
      await prepare(fresh);
      return fresh;
    }
  }

  #workerClient(worker: number): pg.Client | undefined {
    if (!this.main) throw new Error("schema tenants need the main database");
    return this.main.url === undefined ? this.main.client : this.#kept.get(worker);
  }

  async #open(worker: number): Promise<pg.Client> {
    const client = await connect(this.main!.url!);
    this.#kept.set(worker, client);
    return client;
  }

  async #discard(worker: number, client: pg.Client): Promise<void> {
    if (client === this.main?.client) return;
    this.#kept.delete(worker);
    await client.end().catch(() => {});
  }
}
