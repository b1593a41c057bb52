// Live events end to end: the real worker process, events appended to the outbox and browser-like Socket.IO clients.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { setTestEnv, setupTestEnv } from "./support/env";
import { call } from "./support/http";
import { startWorker } from "./support/worker";

const env = setupTestEnv("worker");
const worker = await startWorker();
setTestEnv({ CADRE_WORKER_URL: worker.url, CADRE_PUBLIC_WORKER_URL: undefined });

const { publish } = await import("./support/outbox");
const { appendEvents } = await import("@/lib/events/outbox");
const { db } = await import("@/lib/db");
const { mintRealtimeToken, verifyRealtimeToken } = await import("@/lib/realtime/token");
const { EVENT_VERSION, rooms } = await import("@/lib/realtime/events");
const tokenRoute = await import("@/app/api/realtime/token/route");
const { createTestUser } = await import("./support/users");

const sockets: Socket[] = [];
after(async () => {
  for (const s of sockets) s.disconnect();
  await worker.stop("SIGKILL");
});

function connect(path: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(`${worker.url}${path}`, { auth, transports: ["websocket"], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(err));
  });
}

async function browser(userId: string): Promise<Socket> {
  const { token } = await mintRealtimeToken({ userId, role: "user" }, env.internalSecret);
  return connect("/", { token });
}

function nextEvent<T = Record<string, unknown>>(socket: Socket, name: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name, onEvent);
      reject(new Error(`no ${name} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onEvent = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(name, onEvent);
  });
}

/** Resolves with every `name` event the socket got during `ms`. */
function collect(socket: Socket, name: string, ms = 400): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onEvent = (payload: unknown) => seen.push(payload);
  socket.on(name, onEvent);
  return new Promise((resolve) =>
    setTimeout(() => {
      socket.off(name, onEvent);
      resolve(seen);
    }, ms),
  );
}

let n = 0;
function executionPayload(agentName: string) {
  n += 1;
  return {
    v: EVENT_VERSION,
    at: new Date().toISOString(),
    executionId: `exec-${n}`,
    agentId: "agent-1",
    agentName,
    status: "running",
    trigger: "api",
    conversationId: null,
  };
}

test("the worker answers /healthz", async () => {
  const res = await fetch(`${worker.url}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true });
});

test("GET /api/realtime/token needs a signed-in user and gives a token the worker accepts", async () => {
  const anonymous = await call(tokenRoute, "GET", "/api/realtime/token");
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.error.code, "unauthorized");

  const user = await createTestUser("user");
  const res = await call(tokenRoute, "GET", "/api/realtime/token", { token: user.token });
  assert.equal(res.status, 200);
  assert.equal(res.body.url, worker.url);
  const ttl = Date.parse(res.body.expiresAt) - Date.now();
  assert.ok(ttl > 290_000 && ttl <= 300_000, `expires in ${ttl} ms`);
  assert.deepEqual(await verifyRealtimeToken(res.body.token, env.internalSecret), { userId: user.id, role: "user" });

  // The token opens the worker's socket and lands the user in their own room.
  const socket = await connect("/", { token: res.body.token });
  const received = nextEvent(socket, "execution_finished");
  const payload = { ...executionPayload("demo"), status: "succeeded" };
  publish({ name: "execution_finished", payload, rooms: [rooms.user(user.id)] });
  assert.deepEqual(await received, payload);
});

test("an event published by the web side reaches its user room, and its agent room after subscribe", async () => {
  const alice = await browser("alice");

  const payload = executionPayload("reporter");
  const inUserRoom = nextEvent(alice, "execution_started");
  publish({ name: "execution_started", payload, rooms: [rooms.user("alice")] });
  assert.deepEqual(await inUserRoom, payload);

  // Not subscribed yet: the agent room's events pass her by.
  const before = collect(alice, "execution_started");
  publish({ name: "execution_started", payload: executionPayload("reporter"), rooms: [rooms.agent("reporter")] });
  assert.deepEqual(await before, []);

  assert.deepEqual(await alice.emitWithAck("subscribe", { agent: "reporter" }), { ok: true });
  const agentPayload = executionPayload("reporter");
  const inAgentRoom = nextEvent(alice, "execution_started");
  publish({ name: "execution_started", payload: agentPayload, rooms: [rooms.agent("reporter")] });
  assert.deepEqual(await inAgentRoom, agentPayload);

  // In both rooms at once, one event arrives once.
  const both = collect(alice, "execution_started");
  publish({
    name: "execution_started",
    payload: executionPayload("reporter"),
    rooms: [rooms.agent("reporter"), rooms.user("alice")],
  });
  assert.equal((await both).length, 1);

  assert.deepEqual(await alice.emitWithAck("unsubscribe", { agent: "reporter" }), { ok: true });
  const afterLeaving = collect(alice, "execution_started");
  publish({ name: "execution_started", payload: executionPayload("reporter"), rooms: [rooms.agent("reporter")] });
  assert.deepEqual(await afterLeaving, []);
});

test("subscribe refuses an agent name that is not a slug", async () => {
  const alice = await browser("alice");
  const answer = await alice.emitWithAck("subscribe", { agent: "../Not A Slug" });
  assert.equal(answer.ok, false);
  assert.match(answer.error, /agent/);
  assert.equal((await alice.emitWithAck("subscribe", "reporter")).ok, false);
});

test("another user's room stays private; the all room reaches everyone", async () => {
  const alice = await browser("alice");
  const bob = await browser("bob");

  const bobSees = collect(bob, "execution_started", 500);
  const aliceGets = nextEvent(alice, "execution_started");
  publish({ name: "execution_started", payload: executionPayload("demo"), rooms: [rooms.user("alice")] });
  await aliceGets;
  assert.deepEqual(await bobSees, []);

  const payload = {
    v: EVENT_VERSION,
    at: new Date().toISOString(),
    scheduleId: "s1",
    agentId: "a1",
    agentName: "demo",
    change: "created",
  };
  const toAlice = nextEvent(alice, "schedule_changed");
  const toBob = nextEvent(bob, "schedule_changed");
  publish({ name: "schedule_changed", payload, rooms: [rooms.all] });
  assert.deepEqual(await Promise.all([toAlice, toBob]), [payload, payload]);
});

test("a browser without a valid token is refused", async () => {
  const refusals = [
    {},
    { token: "" },
    { token: "not-a-jwt" },
    { token: (await mintRealtimeToken({ userId: "alice", role: "user" }, env.internalSecret, -60)).token },
    { token: (await mintRealtimeToken({ userId: "alice", role: "user" }, "another-secret-of-enough-length")).token },
  ];
  for (const auth of refusals) {
    await assert.rejects(connect("/", auth), /unauthorized/, `auth ${JSON.stringify(auth).slice(0, 40)} was let in`);
  }
});

test("nothing but the outbox feeds the hub: there is no namespace to publish through", async () => {
  const { token } = await mintRealtimeToken({ userId: "alice", role: "admin" }, env.internalSecret);
  await assert.rejects(connect("/internal", { secret: env.internalSecret, token }), /Invalid namespace/);
});

test("the outbox refuses an invalid event with an error naming the field, and writes nothing", async () => {
  const alice = await browser("alice");
  const sees = collect(alice, "execution_started", 600);
  const before = await db.event.count();
  const noId = { ...executionPayload("demo"), executionId: undefined };
  await assert.rejects(
    appendEvents(db, [{ name: "execution_started", payload: noId, rooms: ["all"] }]),
    /payload\.executionId/,
  );
  await assert.rejects(
    appendEvents(db, [{ name: "execution_started", payload: executionPayload("demo"), rooms: ["everyone"] }]),
    /rooms\.0/,
  );
  await assert.rejects(appendEvents(db, [{ name: "rm_rf" as never, payload: {}, rooms: ["all"] }]), /name/);
  assert.equal(await db.event.count(), before);
  assert.deepEqual(await sees, []);
});

test("publish → receive latency (printed)", async () => {
  const alice = await browser("latency");
  const samples: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const received = nextEvent(alice, "execution_started");
    const t0 = performance.now();
    publish({ name: "execution_started", payload: executionPayload("demo"), rooms: [rooms.user("latency")] });
    await received;
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
  console.log(
    `publish → receive over ${samples.length} events: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`,
  );
  assert.equal(samples.length, 200);
});

test("a second worker on a taken port exits 1 saying why", async () => {
  await assert.rejects(
    startWorker({ CADRE_WORKER_PORT: String(worker.port) }),
    /exited \(1\)[\s\S]*could not start: .*EADDRINUSE/,
  );
});

test("SIGTERM stops the worker cleanly: sockets closed, exit 0 within a couple of seconds", async () => {
  const alice = await browser("alice");
  const disconnected = new Promise<string>((resolve) => alice.once("disconnect", resolve));
  const { code, signal, ms } = await worker.stop("SIGTERM");
  assert.equal(signal, null);
  assert.equal(code, 0, worker.output());
  assert.ok(ms < 3_000, `took ${ms} ms`);
  assert.match(worker.output(), /SIGTERM received; stopping[\s\S]*stopped cleanly/);
  // A closed transport (not a server-side disconnect) lets clients reconnect when the worker is back.
  assert.equal(await disconnected, "transport close");
});
