/**
 * Serves a PGlite instance on a loopback TCP port, so retort reaches it with the same `pg` client (and
 * the same code) as a real server.
 *
 * PGlite is one backend: one session, which runs one protocol message at a time
 * (`execProtocolRawStream`). Messages of several connections fed to it as they come would interleave: a
 * Parse from one client could land between another's Parse and Bind, and statements of one client
 * would run inside another's transaction. The gate shares the session the way a connection pool shares
 * a server connection: one client's request (a simple query, or extended-protocol messages up to their
 * Sync) at a time, and a client keeps the session between its requests while it has something open on
 * it, a transaction or an advisory lock (retort's migration lock spans transactions). Other clients
 * wait: accepted, their messages held until the session is free for them.
 *
 * The session stays shared in what PostgreSQL keeps per session: settings, prepared statements and
 * temporary tables made by one client are seen by the next. What a client that held the session left
 * when it disconnected is undone as a server would (its transaction rolled back, its advisory locks
 * released), and once every client has gone the session is reset (`DISCARD ALL`): both before the next
 * client's first message runs, so that a command that disconnects and then stops the database does not
 * wait for either.
 */
import net from "node:net";
import type { Duplex } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import { InProcessSocket, serveInProcess } from "../db/in-process-connections.js";

export interface ServedDatabase {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Disconnects every client and stops listening; the PGlite instance stays open. */
  stop(): Promise<void>;
}

/** Messages after which the backend answers with ReadyForQuery: the end of one request. */
const REQUEST_ENDS = new Set(["Q", "S", "F"]);
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

interface Session {
  /** The connection: a loopback socket, or this process's own in-process stream. */
  readonly client: Duplex & { setNoDelay(noDelay?: boolean): unknown };
  /** Bytes from the client not yet cut into messages. */
  incoming: Buffer;
  /** Whole messages waiting for the session to be free for this client. */
  readonly held: Buffer[];
  /** Bytes from the backend not yet cut into messages (only ReadyForQuery is looked at). */
  backend: Buffer;
  startupSent: boolean;
  /** ReadyForQuery answers still to come for what was forwarded. */
  awaiting: number;
  /** Transaction status from the last ReadyForQuery: idle, in a transaction, or in a failed one. */
  status: "I" | "T" | "E";
  closed: boolean;
}

/** What clients that have gone left on the session, to undo before the next client's message runs. */
type LeftBehind = "transaction and locks" | "session state";

export async function servePGlite(db: PGlite): Promise<ServedDatabase> {
  const sessions = new Set<Session>();
  /** The client whose request is being answered. */
  let inFlight: Session | undefined;
  /** The client that keeps the session between requests (a transaction or an advisory lock is open). */
  let holder: Session | undefined;
  /** Work on the backend between requests (lock checks, clean-ups); nothing is forwarded meanwhile. */
  let housekeeping: Promise<void> = Promise.resolve();
  let busyHousekeeping = false;
  let leftBehind: LeftBehind | undefined;
  /** The backend's work, one message at a time in the order they were forwarded. */
  let backend: Promise<void> = Promise.resolve();

  const housekeep = (work: () => Promise<void>) => {
    busyHousekeeping = true;
    housekeeping = housekeeping
      .then(work)
      .catch(() => {
        // The backend refused the clean-up: the next client still gets the session as it is.
      })
      .finally(() => {
        busyHousekeeping = false;
        pump();
      });
  };

  /** Forwards whatever held messages may go now, in arrival order of the sessions. */
  const pump = () => {
    if (busyHousekeeping) return;
    if (leftBehind !== undefined && [...sessions].some((session) => session.held.length > 0)) {
      const undo = leftBehind;
      leftBehind = undefined;
      housekeep(() => undoLeftBehind(db, undo));
      return;
    }
    for (const session of sessions) {
      while (session.held.length > 0 && mayForward(session, session.held[0]!)) {
        forward(session, takeRequest(session.held));
      }
      if (inFlight) return;
    }
  };

  const mayForward = (session: Session, message: Buffer): boolean => {
    if (inFlight && inFlight !== session) return false;
    if (holder === undefined || holder === session) return true;
    // A connection's start-up touches no session state, so it need not wait for the holder's
    // transaction or lock to end, only for the backend to be between requests.
    if (!session.startupSent && !isTyped(message)) return holder.status === "I" && holder.awaiting === 0;
    return false;
  };

  /**
   * Runs `messages` (one request, or the start of one) on the backend in one call: PGlite answers
   * every message of a buffer in turn, and an extended-protocol query (Parse, Bind, Describe, Execute,
   * Sync) costs a third of what five calls do.
   */
  const forward = (session: Session, messages: readonly Buffer[]) => {
    if (!session.startupSent) session.startupSent = true;
    for (const message of messages) {
      const type = isTyped(message) ? String.fromCharCode(message[0]!) : "startup";
      if (type === "startup" || REQUEST_ENDS.has(type)) {
        session.awaiting++;
        inFlight = session;
      }
      if (holder === undefined && type !== "startup") holder = session;
    }
    const payload = messages.length === 1 ? messages[0]! : Buffer.concat(messages);
    backend = backend.then(async () => {
      // A client that has gone takes its messages not yet run with it.
      if (session.closed || db.closed) return;
      try {
        await db.runExclusive(() =>
          db.execProtocolRawStream(payload, {
            onRawData: (data) => onBackendData(session, Buffer.from(data)),
          }),
        );
      } catch {
        closeSession(session);
      }
    });
  };

  const onBackendData = (session: Session, data: Buffer) => {
    // The rest of the answer to a client that has gone decides nothing.
    if (session.closed) return;
    session.client.write(data);
    session.backend = Buffer.concat([session.backend, data]);
    while (session.backend.length >= 5) {
      const length = session.backend.readInt32BE(1);
      if (session.backend.length < 1 + length) break;
      if (session.backend[0] === 0x5a /* Z: ReadyForQuery */) {
        session.status = String.fromCharCode(session.backend[5]!) as Session["status"];
        session.awaiting = Math.max(0, session.awaiting - 1);
        if (session.awaiting === 0) requestAnswered(session);
      }
      session.backend = session.backend.subarray(1 + length);
    }
  };

  /** Between two of its requests: does this client keep the session, or may another have it? */
  const requestAnswered = (session: Session) => {
    if (inFlight === session) inFlight = undefined;
    if (session.status !== "I") {
      holder = session;
      return pump();
    }
    if (holder !== undefined && holder !== session) return pump();
    const someoneWaits = [...sessions].some((other) => other !== session && other.held.length > 0);
    if (!someoneWaits) return; // Decided when someone arrives (see onClientData).
    housekeep(async () => {
      holder = (await holdsAdvisoryLocks(db)) ? session : undefined;
    });
  };

  const onClientData = (session: Session, data: Buffer) => {
    session.incoming = Buffer.concat([session.incoming, data]);
    for (;;) {
      const message = nextMessage(session);
      if (message === undefined) break;
      if (message === "ssl") {
        session.client.write("N"); // No TLS on a loopback port; pg then starts in plain text.
        continue;
      }
      session.held.push(message);
    }
    // The holder is idle between requests, and someone else wants the session: may they have it?
    if (
      holder !== undefined &&
      holder !== session &&
      session.held.length > 0 &&
      holder.status === "I" &&
      holder.awaiting === 0 &&
      inFlight === undefined &&
      !busyHousekeeping
    ) {
      const idle = holder;
      housekeep(async () => {
        if (holder === idle && !(await holdsAdvisoryLocks(db))) holder = undefined;
      });
      return;
    }
    pump();
  };

  const nextMessage = (session: Session): Buffer | "ssl" | undefined => {
    const buffer = session.incoming;
    if (!session.startupSent && session.held.length === 0) {
      // Untyped: SSLRequest, GSSENCRequest, CancelRequest or StartupMessage, each length-prefixed.
      if (buffer.length < 8) return undefined;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return undefined;
      const code = buffer.readInt32BE(4);
      session.incoming = buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSS_REQUEST) return "ssl";
      if (code === CANCEL_REQUEST) {
        // PGlite cannot interrupt a query; a cancel connection just goes away.
        session.client.end();
        return undefined;
      }
      return Buffer.from(buffer.subarray(0, length));
    }
    if (buffer.length < 5) return undefined;
    const length = buffer.readInt32BE(1);
    if (buffer.length < 1 + length) return undefined;
    session.incoming = buffer.subarray(1 + length);
    return Buffer.from(buffer.subarray(0, 1 + length));
  };

  const closeSession = (session: Session) => {
    if (session.closed) return;
    session.closed = true;
    sessions.delete(session);
    session.client.destroy();
    const wasInFlight = inFlight === session;
    const wasHolder = holder === session;
    if (wasInFlight) inFlight = undefined;
    if (wasHolder) holder = undefined;
    // What a server does when a connection ends: its transaction rolled back, its locks released. A
    // client that never held the session can have left neither. Once nobody is connected, the next
    // client starts from a clean session.
    if (sessions.size === 0) leftBehind = "session state";
    else if (wasInFlight || wasHolder) leftBehind ??= "transaction and locks";
    pump();
  };

  const accept = (client: Session["client"]) => {
    const session: Session = {
      client,
      incoming: Buffer.alloc(0),
      held: [],
      backend: Buffer.alloc(0),
      startupSent: false,
      awaiting: 0,
      status: "I",
      closed: false,
    };
    sessions.add(session);
    client.setNoDelay(true);
    client.on("data", (data) => onClientData(session, data));
    client.on("error", () => closeSession(session));
    client.on("close", () => closeSession(session));
  };
  const gate = net.createServer(accept);
  await new Promise<void>((resolve, reject) => {
    gate.once("error", reject);
    gate.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = gate.address() as net.AddressInfo;
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  // This process's own connections skip the socket (../db/in-process-connections.ts).
  const stopServingInProcess = serveInProcess(url, () => {
    const [clientEnd, serverEnd] = InProcessSocket.pair();
    accept(serverEnd);
    return clientEnd;
  });

  return {
    url,
    async stop() {
      stopServingInProcess();
      const closed = new Promise<void>((resolve) => gate.close(() => resolve()));
      for (const session of [...sessions]) closeSession(session);
      await closed;
      await housekeeping;
      await backend;
      // The session ends with the database: only a transaction left open is ended, so that it is rolled
      // back rather than cut off.
      if (!db.closed && db.isInTransaction()) await db.exec("ROLLBACK").catch(() => {});
    },
  };
}

/**
 * The held messages up to the end of the first request among them (a start-up message is one on its
 * own), taken off `held`: what may run in one call to the backend.
 */
function takeRequest(held: Buffer[]): Buffer[] {
  const taken = [held.shift()!];
  if (!isTyped(taken[0]!)) return taken;
  while (!REQUEST_ENDS.has(String.fromCharCode(taken.at(-1)![0]!)) && held.length > 0 && isTyped(held[0]!))
    taken.push(held.shift()!);
  return taken;
}

function isTyped(message: Buffer): boolean {
  // A startup message begins with its length (a small int32: first byte 0); typed ones with a letter.
  return message[0] !== 0;
}

async function holdsAdvisoryLocks(db: PGlite): Promise<boolean> {
  if (db.closed) return false;
  const { rows } = await db.query<{ held: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS held",
  );
  return rows[0]?.held === true;
}

async function undoLeftBehind(db: PGlite, what: LeftBehind): Promise<void> {
  if (db.closed) return;
  if (db.isInTransaction()) await db.exec("ROLLBACK");
  await db.query("SELECT pg_advisory_unlock_all()");
  if (what === "session state") await db.exec("DISCARD ALL");
}
