/**
 * Serves a PGlite instance on a loopback TCP port, so retort reaches it with the same `pg` client (and
 * the same code) as a real server.
 *
 * PGlite is one backend, one session. pglite-socket either drops a second concurrent connection or,
 * with `maxConnections`, queues the queries of several connections onto that one session, so their
 * transactions and advisory locks would mix. A turnstile in front of it admits one client at a time and
 * holds the others (accepted, but unanswered: their `pg.Client.connect()` simply waits) until the one
 * inside disconnects. Between two clients the session is reset (`DISCARD ALL`: settings, advisory
 * locks, temporary tables, prepared statements), as a new connection to a real server would start clean.
 */
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface ServedDatabase {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Disconnects every client and stops listening; the PGlite instance stays open. */
  stop(): Promise<void>;
}

export async function servePGlite(db: PGlite): Promise<ServedDatabase> {
  // The socket server itself listens on a private port that only the turnstile connects to.
  const inner = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0 });
  await inner.start();
  const innerPort = Number(inner.getServerConn().split(":").pop());

  const waiting: net.Socket[] = [];
  const open = new Set<net.Socket>();
  let busy = false;

  const admitNext = async () => {
    if (busy) return;
    const client = waiting.shift();
    if (!client) return;
    if (client.destroyed) return admitNext();
    busy = true;
    const upstream = net.connect(innerPort, "127.0.0.1");
    open.add(upstream);
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    client.pipe(upstream);
    upstream.pipe(client);
    let finished = false;
    const finish = async () => {
      if (finished) return;
      finished = true;
      client.destroy();
      upstream.destroy();
      open.delete(upstream);
      await sessionClosed(inner);
      await resetSession(db);
      busy = false;
      void admitNext();
    };
    client.on("close", finish);
    upstream.on("close", finish);
    client.on("error", finish);
    upstream.on("error", finish);
    client.resume();
  };

  const turnstile = net.createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => {});
    waiting.push(client);
    void admitNext();
  });
  await new Promise<void>((resolve, reject) => {
    turnstile.once("error", reject);
    turnstile.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = turnstile.address() as net.AddressInfo;

  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      const closed = new Promise<void>((resolve) => turnstile.close(() => resolve()));
      for (const socket of open) socket.destroy();
      waiting.length = 0;
      await closed;
      await sessionClosed(inner);
      await inner.stop();
    },
  };
}

/**
 * The socket server notices a disconnect asynchronously (and rolls back the transaction the client
 * left open); the next client must not be let in before that.
 */
async function sessionClosed(inner: PGLiteSocketServer): Promise<void> {
  for (let i = 0; i < 500 && inner.getStats().activeConnections > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function resetSession(db: PGlite): Promise<void> {
  if (db.closed) return;
  try {
    if (db.isInTransaction()) await db.exec("ROLLBACK");
    await db.exec("DISCARD ALL");
  } catch {
    // A reset that fails leaves the session as the last client left it; the next one still works.
  }
}
