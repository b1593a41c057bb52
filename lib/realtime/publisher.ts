// Web side of live events: one socket.io-client connection to the worker's internal namespace, opened on the first
// publish. Events are a convenience on top of the database, so publishing never throws and never waits: while the
// worker is unreachable events queue up (the newest MAX_QUEUED) and go out on reconnect.
import { io, type Socket } from "socket.io-client";
import { config } from "../config";
import { INTERNAL_NAMESPACE, parsePublishedEvent, type Ack, type PublishedEvent } from "./events";

const MAX_QUEUED = 1000;

interface Publisher {
  socket: Socket;
  queue: PublishedEvent[];
  dropped: number;
  /** true while an outage has been reported, so a worker that is down gives one line, not one per retry */
  reported: boolean;
}

// Kept on globalThis so Next.js module reloads in development reuse the connection instead of leaking one.
const store = globalThis as unknown as { cadrePublisher?: Publisher };

function send(p: Publisher, event: PublishedEvent): void {
  p.socket.emit("publish", event, (answer: Ack | undefined) => {
    if (answer && !answer.ok) console.error(`[realtime] the worker refused ${event.name}: ${answer.error}`);
  });
}

function flush(p: Publisher): void {
  if (p.dropped > 0) {
    console.warn(`[realtime] ${p.dropped} events were dropped while the worker was unreachable`);
    p.dropped = 0;
  }
  const queued = p.queue.splice(0);
  for (const event of queued) send(p, event);
}

function open(): Publisher {
  const url = new URL(INTERNAL_NAMESPACE, config().worker.internalUrl).toString();
  const socket = io(url, {
    auth: { secret: config().secrets.internal },
    transports: ["websocket"],
    // Timers and the socket do not keep the process alive: a test or a script that published can still exit.
    autoUnref: true,
    reconnectionDelayMax: 5_000,
  });
  const p: Publisher = { socket, queue: [], dropped: 0, reported: false };
  socket.on("connect", () => {
    if (p.reported) console.log("[realtime] connected to the worker again");
    p.reported = false;
    flush(p);
  });
  // A refusal by the worker (wrong secret) or a disconnect it asked for ends socket.io's own retries; keep trying.
  const retryIfGivenUp = () => {
    if (socket.active) return;
    setTimeout(() => {
      if (store.cadrePublisher === p && !socket.active) socket.connect();
    }, 5_000).unref();
  };
  socket.on("connect_error", (err) => {
    if (!p.reported) console.warn(`[realtime] cannot reach the worker at ${url}: ${err.message}; events are queued`);
    p.reported = true;
    retryIfGivenUp();
  });
  socket.on("disconnect", retryIfGivenUp);
  return p;
}

/** Sends an event to the worker, which delivers it to the browsers in its rooms. Never throws. */
export function publish(event: PublishedEvent): void {
  try {
    const parsed = parsePublishedEvent(event);
    if (!parsed.ok) {
      console.error(`[realtime] not publishing ${String(event?.name)}: ${parsed.error}`);
      return;
    }
    const p = (store.cadrePublisher ??= open());
    if (p.socket.connected) return send(p, parsed.event);
    p.queue.push(parsed.event);
    if (p.queue.length > MAX_QUEUED) {
      p.queue.shift();
      p.dropped += 1;
    }
  } catch (err) {
    console.error("[realtime] publish failed:", err instanceof Error ? err.message : err);
  }
}

/** Closes the connection (tests, shutdown); the next publish opens a new one. Queued events are discarded. */
export function closePublisher(): void {
  const p = store.cadrePublisher;
  store.cadrePublisher = undefined;
  p?.socket.disconnect();
}
