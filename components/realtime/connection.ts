// The browser's live connection to the worker, without React: fetches a realtime token, connects, hands validated
// events to listeners, keeps agent-room subscriptions across reconnects and reconnects with a fresh token.
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { type Ack, type EventName, type EventPayload, EventSchemas } from "@/lib/realtime/events";
import type { RealtimeTokenResponse } from "@/lib/realtime/token-response";

export type RealtimeStatus = "connecting" | "connected" | "disconnected";

export interface RealtimeConnectionOptions {
  fetchToken: () => Promise<RealtimeTokenResponse>;
  /** extra socket.io-client options, e.g. for tests */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

type Handler = (payload: unknown) => void;

/** A token this close to expiry is not used for a new handshake; a fresh one is fetched instead. */
const TOKEN_MARGIN_MS = 30_000;
const MAX_RETRY_MS = 30_000;

export class RealtimeConnection {
  private socket: Socket | undefined;
  private status: RealtimeStatus = "connecting";
  private readonly statusListeners = new Set<() => void>();
  private readonly handlers = new Map<EventName, Set<Handler>>();
  private readonly agentRooms = new Map<string, number>();
  private spareToken: RealtimeTokenResponse | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private closed = true;
  /** bumped by start() and close(), so work begun before a close (React strict mode runs effects twice) is dropped */
  private generation = 0;

  constructor(private readonly opts: RealtimeConnectionOptions) {}

  start(): void {
    if (!this.closed) return;
    this.closed = false;
    this.generation += 1;
    this.setStatus("connecting");
    void this.open(this.generation);
  }

  close(): void {
    this.closed = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    this.socket = undefined;
    this.setStatus("disconnected");
  }

  getStatus = (): RealtimeStatus => this.status;

  /** For useSyncExternalStore: calls `listener` on every status change; returns the unsubscribe function. */
  onStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  /** Calls `handler` with each valid `name` event; returns the function that stops it. */
  on<E extends EventName>(name: E, handler: (payload: EventPayload<E>) => void): () => void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    const h = handler as Handler;
    set.add(h);
    return () => set.delete(h);
  }

  /** Joins the agent's room (counted, so two components can share it); returns the function that leaves. */
  joinAgent(agent: string): () => void {
    const count = this.agentRooms.get(agent) ?? 0;
    this.agentRooms.set(agent, count + 1);
    if (count === 0) this.sendSubscription("subscribe", agent);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const remaining = (this.agentRooms.get(agent) ?? 1) - 1;
      if (remaining > 0) return void this.agentRooms.set(agent, remaining);
      this.agentRooms.delete(agent);
      this.sendSubscription("unsubscribe", agent);
    };
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private sendSubscription(event: "subscribe" | "unsubscribe", agent: string): void {
    // While disconnected there is nothing to send: every room is joined again on connect.
    if (!this.socket?.connected) return;
    this.socket.emit(event, { agent }, (answer: Ack | undefined) => {
      if (answer && !answer.ok) console.warn(`[realtime] ${event} ${agent} refused: ${answer.error}`);
    });
  }

  private retryLater(action: () => void): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    const generation = this.generation;
    const base = Math.min(MAX_RETRY_MS, 1_000 * 2 ** this.attempts);
    this.attempts += 1;
    this.retryTimer = setTimeout(
      () => generation === this.generation && action(),
      base / 2 + Math.random() * (base / 2),
    );
  }

  /** Each handshake gets a token: the one fetched to learn the URL if still fresh, else a new one. */
  private authenticate(cb: (data: { token: string }) => void): void {
    const spare = this.spareToken;
    this.spareToken = undefined;
    if (spare && Date.parse(spare.expiresAt) - Date.now() > TOKEN_MARGIN_MS) {
      cb({ token: spare.token });
      return;
    }
    // Without a token the worker refuses the handshake, and connect_error schedules the next try.
    this.opts.fetchToken().then(
      (fresh) => cb({ token: fresh.token }),
      () => cb({ token: "" }),
    );
  }

  private async open(generation: number): Promise<void> {
    let first: RealtimeTokenResponse;
    try {
      first = await this.opts.fetchToken();
    } catch {
      if (generation !== this.generation) return;
      this.setStatus("disconnected");
      return this.retryLater(() => void this.open(generation));
    }
    if (generation !== this.generation) return;
    this.spareToken = first;
    const socket = io(first.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: (cb) => this.authenticate(cb as (data: { token: string }) => void),
      ...this.opts.socketOptions,
    });
    this.socket = socket;
    socket.on("connect", () => {
      this.attempts = 0;
      this.setStatus("connected");
      for (const agent of this.agentRooms.keys()) this.sendSubscription("subscribe", agent);
    });
    // A refused handshake or a server-side disconnect (worker restart) ends socket.io's own retries; retry here.
    const lost = () => {
      this.setStatus("disconnected");
      if (!socket.active) this.retryLater(() => socket.connect());
    };
    socket.on("disconnect", lost);
    socket.on("connect_error", lost);
    socket.onAny((name: string, payload: unknown) => this.dispatch(name, payload));
  }

  private dispatch(name: string, payload: unknown): void {
    if (!Object.hasOwn(EventSchemas, name)) return;
    const handlers = this.handlers.get(name as EventName);
    if (!handlers || handlers.size === 0) return;
    const parsed = EventSchemas[name as EventName].safeParse(payload);
    if (!parsed.success) {
      console.warn(`[realtime] dropped a ${name} event that does not match its schema`);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(parsed.data);
      } catch (err) {
        console.error(`[realtime] a ${name} handler failed:`, err);
      }
    }
  }
}
