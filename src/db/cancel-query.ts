/**
 * Asks the server to cancel the statement a connection is running, as psql does on Ctrl-C: PostgreSQL's
 * CancelRequest (the backend's pid and secret key) sent on a new connection to the same address. The
 * statement then fails with "canceling statement due to user request", and its transaction can be rolled
 * back on the connection itself, which stays open. A backend that is idle when the request arrives
 * ignores it.
 *
 * Best effort, and never throws: a server that cannot be reached lets the statement run on (closing
 * the connection still rolls its transaction back), and the embedded database cannot interrupt a
 * statement at all (src/embedded/serve.ts drops the request; its statements run in this process, so a
 * signal is only handled between them anyway).
 */
import net from "node:net";
import path from "node:path";
import type pg from "pg";

const CANCEL_REQUEST_CODE = 80877102;
const TIMEOUT_MS = 5000;

interface BackendKey {
  readonly processID?: number | null;
  readonly secretKey?: number | null;
  readonly host?: string;
  readonly port?: number;
}

export function cancelRunningStatement(client: pg.Client): Promise<void> {
  const { processID, secretKey, host, port } = client as unknown as BackendKey;
  if (!processID || secretKey === null || secretKey === undefined || !port) return Promise.resolve();
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  return new Promise((resolve) => {
    // A host that is a directory is a Unix socket's, as libpq and pg read it.
    const socket = host?.startsWith("/")
      ? net.connect(path.join(host, `.s.PGSQL.${port}`))
      : net.connect(port, host || "localhost");
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy());
    socket.on("connect", () => socket.end(packet));
    socket.on("error", () => {});
    socket.on("close", () => resolve());
  });
}
