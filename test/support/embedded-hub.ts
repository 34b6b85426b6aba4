/**
 * The test suite's stand-in for a PostgreSQL server when there is none: a small HTTP service, run by
 * the global setup in vitest's main process, that hands out embedded databases.
 *
 * A PGlite instance is one database (and one session), so `CREATE DATABASE` maps to "open another
 * instance": each test database is a throw-away copy of the PGlite template served on its own loopback
 * port (retort's own `openThrowawayDatabase`), and `DROP DATABASE` closes it and deletes the copy.
 * The instances live in the main process, not in the test workers, because the tests run the CLI with
 * spawnSync, which blocks the worker's event loop: a database served from there could not answer.
 *
 *   POST   /databases?prefix=<p>  → 200 {"name": "<p>_<hex>", "url": "postgresql://…"}
 *   DELETE /databases/<name>      → 204
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { EmbeddedDatabase } from "../../src/embedded/embedded-database.js";
import { openThrowawayDatabase } from "../../src/embedded/embedded-database.js";

export interface EmbeddedHub {
  readonly url: string;
  close(): Promise<void>;
}

export async function startEmbeddedHub(retortDir: string): Promise<EmbeddedHub> {
  const databases = new Map<string, EmbeddedDatabase>();

  const server = http.createServer((request, response) => {
    const reply = (status: number, body?: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const url = new URL(request.url ?? "/", "http://hub");
    void (async () => {
      try {
        if (request.method === "POST" && url.pathname === "/databases") {
          const name = `${url.searchParams.get("prefix") ?? "retort_test"}_${randomBytes(5).toString("hex")}`;
          const database = await openThrowawayDatabase(retortDir);
          databases.set(name, database);
          reply(200, { name, url: database.url });
        } else if (request.method === "DELETE" && url.pathname.startsWith("/databases/")) {
          const name = decodeURIComponent(url.pathname.slice("/databases/".length));
          const database = databases.get(name);
          databases.delete(name);
          await database?.close();
          reply(204);
        } else {
          reply(404, { error: `no route ${request.method} ${url.pathname}` });
        }
      } catch (error) {
        reply(500, { error: (error as Error).stack ?? String(error) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...databases.values()].map((database) => database.close().catch(() => {})));
      databases.clear();
    },
  };
}
