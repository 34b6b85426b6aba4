/**
 * Connections to an embedded database served by this very process (../embedded/serve.ts), made
 * without the loopback socket: `connect()` (./connect.ts) hands `pg` an in-process stream for a URL
 * registered here, and the embedded server takes the other end as it takes a socket. What the client
 * and the server exchange is the same protocol; only the kernel is left out (a `check --shadow` sends
 * some two thousand messages each way, each a system call and an event-loop turn on either side).
 *
 * Other programs, and a TypeORM DataSource this process opens on the URL, connect over the socket as
 * before.
 */
import { Duplex } from "node:stream";

const served = new Map<string, () => Duplex>();

/** `127.0.0.1:5433` for `postgresql://postgres@127.0.0.1:5433/postgres`. */
function addressOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port}`;
  } catch {
    return undefined;
  }
}

/** Until the returned function is called, connections to `url` from this process are made by `open`. */
export function serveInProcess(url: string, open: () => Duplex): () => void {
  const address = addressOf(url)!;
  served.set(address, open);
  return () => {
    if (served.get(address) === open) served.delete(address);
  };
}

/** A new in-process connection's client end, for a URL this process serves; undefined otherwise. */
export function inProcessStream(url: string): (() => Duplex) | undefined {
  const address = addressOf(url);
  return address === undefined ? undefined : served.get(address);
}

/**
 * One end of an in-process connection, with what `pg` asks of a `net.Socket`. Bytes written to one end
 * are read from the other in a later turn of the event loop, as from a socket: never within the
 * writer's call, and never before timers and signals waiting meanwhile (delivered in microtasks, a
 * whole migration step ran before a Ctrl-C was seen). Ending one end ends the other (no half-open
 * connections, as a `net.Socket` by default).
 */
export class InProcessSocket extends Duplex {
  #peer: InProcessSocket | undefined;

  constructor() {
    super({ allowHalfOpen: false });
  }

  /** Two connected ends: the client's and the server's. */
  static pair(): [InProcessSocket, InProcessSocket] {
    const client = new InProcessSocket();
    const server = new InProcessSocket();
    client.#peer = server;
    server.#peer = client;
    return [client, server];
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    // Writes of one turn arrive together, as a socket's would: `pg` writes an extended-protocol
    // query's messages one by one, and the server runs a request's messages in one call.
    if (this.#outgoing.length === 0) setImmediate(() => this.#deliver());
    this.#outgoing.push(chunk);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.#outgoing.length === 0) setImmediate(() => this.#deliver());
    this.#outgoing.push(null);
    done();
  }

  #outgoing: (Buffer | null)[] = [];

  #deliver(): void {
    const peer = this.#peer!;
    const chunks = this.#outgoing;
    this.#outgoing = [];
    if (peer.destroyed) return;
    const ended = chunks.at(-1) === null;
    const data = chunks.filter((chunk): chunk is Buffer => chunk !== null);
    if (data.length > 0) peer.push(data.length === 1 ? data[0] : Buffer.concat(data));
    if (ended) peer.push(null);
  }

  override _read(): void {
    // Pushed by the peer's writes.
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    const peer = this.#peer!;
    // A connection torn down at one end is closed at the other, as a reset socket is.
    setImmediate(() => peer.destroy());
    done(error);
  }

  /** The connection exists from the start: `connect` only says so, as a socket would once connected. */
  connect(): this {
    setImmediate(() => this.emit("connect"));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
