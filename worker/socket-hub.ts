// The Socket.IO server. Browsers connect to the default namespace with a realtime token and receive events in
// their user room, the "all" room, the "admins" room when the token says admin, and the agent rooms they subscribe
// to. The web process publishes events through the internal namespace, which only a holder of the internal secret
// may enter.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { type Ack, AgentSubscription, type PublishedEvent, rooms } from "@/lib/realtime/events";
import { type RealtimeIdentity, verifyRealtimeToken } from "@/lib/realtime/token";
import type { WorkerLog } from "./log";

/** Enough for every agent page a person could have open; stops one socket from joining rooms without end. */
const MAX_AGENT_ROOMS_PER_SOCKET = 200;

export interface SocketHubOptions {
  /** the secret realtime tokens are signed with */
  internalSecret: string;
  /** browser origin allowed by CORS (the web app's public URL) */
  /** the origins of Cadre's pages, which browsers connect from */
  corsOrigin: string[];
  log: WorkerLog;
}

export interface SocketHub {
  /** delivers an event (from the outbox) to the browsers in its rooms */
  deliver(event: PublishedEvent): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type AckFn = (answer: Ack) => void;

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
  if (!parsed.success) {
    reply(ack, { ok: false, error: `agent: ${parsed.error.issues[0]?.message ?? "invalid"}` });
    return;
  }
  const room = rooms.agent(parsed.data.agent);
  if (!socket.rooms.has(room) && agentRoomCount(socket) >= MAX_AGENT_ROOMS_PER_SOCKET) {
    reply(ack, { ok: false, error: `at most ${MAX_AGENT_ROOMS_PER_SOCKET} agent subscriptions per connection` });
    return;
  }
  void socket.join(room);
  reply(ack, { ok: true });
}

function onUnsubscribe(socket: Socket, raw: unknown, ack: unknown): void {
  const parsed = AgentSubscription.safeParse(raw);
  if (!parsed.success) {
    reply(ack, { ok: false, error: `agent: ${parsed.error.issues[0]?.message ?? "invalid"}` });
    return;
  }
  void socket.leave(rooms.agent(parsed.data.agent));
  reply(ack, { ok: true });
}

export function createSocketHub(httpServer: HttpServer, opts: SocketHubOptions): SocketHub {
  let io: Server | undefined;

  const deliver = (event: PublishedEvent): void => {
    if (!io || event.rooms.length === 0) return;
    // Rooms exist here only while a socket of this worker is in them: an event none of them may see is not encoded.
    const here = io.of("/").adapter.rooms;
    if (!event.rooms.some((room) => here.has(room))) return;
    // A connection keeps the rooms its token gave it (the admins room); after a change of access it must start over.
    if (event.name === "access_changed") {
      io.in(event.rooms).disconnectSockets(true);
      return;
    }
    // One emit to several rooms reaches a socket once, even when it is in more than one of them.
    io.to(event.rooms).emit(event.name, event.payload);
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
      void socket.join(
        role === "admin" ? [rooms.user(userId), rooms.all, rooms.admins] : [rooms.user(userId), rooms.all],
      );
      socket.on("subscribe", (raw: unknown, ack: unknown) => onSubscribe(socket, raw, ack));
      socket.on("unsubscribe", (raw: unknown, ack: unknown) => onUnsubscribe(socket, raw, ack));
    });
    return server;
  };

  return {
    deliver,
    async start() {
      io = attach();
    },
    async stop() {
      if (!io) return;
      const server = io;
      io = undefined;
      // Closing the transports (not a Socket.IO disconnect, which tells clients to stay away) lets browsers
      // reconnect on their own once the worker is back. The HTTP server is closed by its own part.
      server.engine.close();
    },
  };
}
