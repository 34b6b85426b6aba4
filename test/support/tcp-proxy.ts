/**
 * A TCP proxy in front of the test server, which a test can cut off: for a retort whose server stops
 * answering in the middle of a run (a network that drops, a server that hangs).
 */
import net from "node:net";

export interface TcpProxy {
  /** The URL with the proxy's host and port in place of the server's. */
  readonly url: string;
  /** From now on nothing passes either way, and new connections are refused. */
  freeze(): Promise<void>;
  /** Closes every connection (the server sees its clients go) and stops listening. */
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const upstream = new URL(target);
  const sockets = new Set<net.Socket>();
  let frozen = false;
  const server = net.createServer((client) => {
    const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    client.on("data", (data) => frozen || server.write(data));
    server.on("data", (data) => frozen || client.write(data));
    client.on("close", () => server.destroy());
    server.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: url.toString(),
    async freeze() {
      frozen = true;
      void stopListening();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await stopListening();
    },
  };
}
