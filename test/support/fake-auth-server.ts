/**
 * A server that speaks just enough of PostgreSQL's protocol to ask for a password and refuse it, for
 * testing "wrong password" on a machine whose real server trusts everyone. Its refusal quotes the
 * password it was sent, as a careless server or driver might, so a test can prove retort masks secrets
 * in errors it did not write.
 */
import net from "node:net";

export interface FakeAuthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startFakeAuthServer(): Promise<FakeAuthServer> {
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        if (code === 80877103) {
          socket.write("N"); // SSLRequest: no SSL here; the startup message follows.
          return;
        }
        started = true;
        // AuthenticationCleartextPassword.
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
        return;
      }
      if (buffer.length < 5 || buffer[0] !== 0x70) return;
      const length = buffer.readInt32BE(1);
      if (buffer.length < length + 1) return;
      const password = buffer.subarray(5, length).toString("utf8").replace(/\0$/, "");
      socket.end(errorResponse(`password authentication failed for user "postgres" (got "${password}")`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function errorResponse(message: string): Buffer {
  const fields = Buffer.concat([
    field("S", "FATAL"),
    field("V", "FATAL"),
    field("C", "28P01"),
    field("M", message),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

function field(code: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(code), Buffer.from(value, "utf8"), Buffer.from([0])]);
}
