// The Socket.IO server. Browsers connect to the default namespace with a realtime token and receive events in
// their user room, the "all" room, the "admins" room when the token says admin, and the agent rooms they subscribe
// to. The web process publishes events through the internal namespace, which only a holder of the internal secret
// may enter.
import crypto from "node:crypto";
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import {
  AgentSubscription,
  INTERNAL_NAMESPACE,
  parsePublishedEvent,
  rooms,
  type Ack,
  type PublishedEvent,
} from "../lib/realtime/events";
import { verifyRealtimeToken, type RealtimeIdentity } from "../lib/realtime/token";
import type { WorkerLog } from "./log";

/** Enough for every agent page a person could have open; stops one socket from joining rooms without end. */
const MAX_AGENT_ROOMS_PER_SOCKET = 200;

export interface SocketHubOptions {
  internalSecret: string;
  /** browser origin allowed by CORS (the web app's public URL) */
  corsOrigin: string;
  log: WorkerLog;
}

export type PublishedListener = (event: PublishedEvent) => void;

export interface SocketHub {
  /** delivers an event to its rooms; for the worker's own parts (scheduler, process engine) */
  emit(event: PublishedEvent): Ack;
  /**
   * Lets a worker part observe every event the web process publishes (whatever its rooms), after it was delivered.
   * Returns a function that removes the listener.
   */
  onPublished(listener: PublishedListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type AckFn = (answer: Ack) => void;

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  // Hashing first gives equal lengths, so the comparison says nothing about the secret's length either.
  const digest = (s: string) => crypto.createHash("sha256").update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

function reply(ack: unknown, answer: Ack): void {
  if (typeof ack === "function") (ack as AckFn)(answer);
}

function identityOf(socket: Socket): RealtimeIdentity {
  return socket.data.identity as RealtimeIdentity;
}

function agentRoomCount(socket: Socket): number {
  let n = 0;
  for (const room of socket.rooms) if (room.startsWith("agent:")) n += 1;
  return n;
}

function onSubscribe(socket: Socket, raw: unknown, ack: unknown): void {
  const parsed = AgentSubscription.safeParse(raw);
  if (!parsed.success) return reply(ack, { ok: false, error: `agent: ${parsed.error.issues[0]?.message ?? "invalid"}` });
  const room = rooms.agent(parsed.data.agent);
  if (!socket.rooms.has(room) && agentRoomCount(socket) >= MAX_AGENT_ROOMS_PER_SOCKET) {
    return reply(ack, { ok: false, error: `at most ${MAX_AGENT_ROOMS_PER_SOCKET} agent subscriptions per connection` });
  }
  void socket.join(room);
  reply(ack, { ok: true });
}

function onUnsubscribe(socket: Socket, raw: unknown, ack: unknown): void {
  const parsed = AgentSubscription.safeParse(raw);
  if (!parsed.success) return reply(ack, { ok: false, error: `agent: ${parsed.error.issues[0]?.message ?? "invalid"}` });
  void socket.leave(rooms.agent(parsed.data.agent));
  reply(ack, { ok: true });
}

export function createSocketHub(httpServer: HttpServer, opts: SocketHubOptions): SocketHub {
  const { log } = opts;
  let io: Server | undefined;
  const listeners = new Set<PublishedListener>();

  const notify = (event: PublishedEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error(`a listener of ${event.name} failed`, err);
      }
    }
  };

  const emit = (event: PublishedEvent): Ack => {
    const parsed = parsePublishedEvent(event);
    if (!parsed.ok) return parsed;
    if (!io) return { ok: false, error: "the socket hub is not running" };
    // A connection keeps the rooms its token gave it (the admins room); after a change of access it must start over.
    if (parsed.event.name === "access_changed") {
      io.in(parsed.event.rooms).disconnectSockets(true);
      return { ok: true };
    }
    // One emit to several rooms reaches a socket once, even when it is in more than one of them.
    io.to(parsed.event.rooms).emit(parsed.event.name, parsed.event.payload);
    return { ok: true };
  };

  const attach = (): Server => {
    const server = new Server(httpServer, {
      cors: { origin: opts.corsOrigin, credentials: false },
      maxHttpBufferSize: 1_000_000,
    });

    server.use(async (socket, next) => {
      const identity = await verifyRealtimeToken(socket.handshake.auth?.token, opts.internalSecret);
      if (!identity) return next(new Error("unauthorized: missing, expired or invalid realtime token"));
      socket.data.identity = identity;
      next();
    });
    server.on("connection", (socket) => {
      const { userId, role } = identityOf(socket);
      void socket.join(role === "admin" ? [rooms.user(userId), rooms.all, rooms.admins] : [rooms.user(userId), rooms.all]);
      socket.on("subscribe", (raw: unknown, ack: unknown) => onSubscribe(socket, raw, ack));
      socket.on("unsubscribe", (raw: unknown, ack: unknown) => onUnsubscribe(socket, raw, ack));
    });

    const internal = server.of(INTERNAL_NAMESPACE);
    internal.use((socket, next) => {
      if (sameSecret(socket.handshake.auth?.secret, opts.internalSecret)) return next();
      log.warn(`refused an internal connection from ${socket.handshake.address}: wrong secret`);
      next(new Error("unauthorized: wrong internal secret"));
    });
    internal.on("connection", (socket) => {
      socket.on("publish", (raw: unknown, ack: unknown) => {
        const parsed = parsePublishedEvent(raw);
        const answer = parsed.ok ? emit(parsed.event) : parsed;
        if (!answer.ok) log.warn(`refused a published event: ${answer.error}`);
        reply(ack, answer);
        if (parsed.ok && answer.ok) notify(parsed.event);
      });
    });
    return server;
  };

  return {
    emit,
    onPublished(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      io = attach();
    },
    async stop() {
      if (!io) return;
      const server = io;
      io = undefined;
      // Closing the transports (not a Socket.IO disconnect, which tells clients to stay away) lets browsers and the
      // web process reconnect on their own once the worker is back. The HTTP server is closed by its own part.
      server.engine.close();
    },
  };
}
