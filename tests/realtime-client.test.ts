// The browser's connection class against the real worker: tokens from the real route, agent rooms kept across a
// worker restart, a burst of events from the outbox delivered whole and in order.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { setTestEnv, setupTestEnv } from "./support/env";
import { call } from "./support/http";
import { type StartedWorker, startWorker } from "./support/worker";

setupTestEnv("realtime-client");
let worker: StartedWorker = await startWorker();
setTestEnv({ CADRE_WORKER_URL: worker.url, CADRE_PUBLIC_WORKER_URL: undefined });

const { publish } = await import("./support/outbox");
const { appendEvents } = await import("@/lib/events/outbox");
const { db } = await import("@/lib/db");
const { EVENT_VERSION, rooms } = await import("@/lib/realtime/events");
const { RealtimeTokenResponse } = await import("@/lib/realtime/token-response");
const { RealtimeConnection } = await import("@/components/realtime/connection");
const tokenRoute = await import("@/app/api/realtime/token/route");
const { createTestUser } = await import("./support/users");

const user = await createTestUser("user");
let tokensFetched = 0;
const connection = new RealtimeConnection({
  fetchToken: async () => {
    tokensFetched += 1;
    const res = await call(tokenRoute, "GET", "/api/realtime/token", { token: user.token });
    return RealtimeTokenResponse.parse(res.body);
  },
  socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 300 },
});

after(async () => {
  connection.close();
  await worker.stop("SIGKILL");
});

function waitForStatus(status: string, timeoutMs = 10_000): Promise<void> {
  if (connection.getStatus() === status) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`status stayed ${connection.getStatus()}, wanted ${status}`)),
      timeoutMs,
    );
    const off = connection.onStatus(() => {
      if (connection.getStatus() !== status) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

type Started = { executionId: string; agentName: string };

/** Collects execution_started events of `agentName` for `ms`, or until `count` arrived. */
function received(agentName: string, ms: number, count = Infinity): Promise<Started[]> {
  const seen: Started[] = [];
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve(seen);
    };
    const timer = setTimeout(done, ms);
    const off = connection.on("execution_started", (payload) => {
      if (payload.agentName !== agentName) return;
      seen.push(payload);
      if (seen.length >= count) done();
    });
  });
}

let n = 0;
function startedEvent(agentName: string, room: string) {
  n += 1;
  const payload = {
    v: EVENT_VERSION,
    at: new Date().toISOString(),
    executionId: `e${n}`,
    agentId: "a1",
    agentName,
    status: "running",
    trigger: "api",
  };
  return { name: "execution_started" as const, payload, rooms: [room] };
}

function started(agentName: string, room: string) {
  const event = startedEvent(agentName, room);
  publish(event);
  return event.payload.executionId;
}

test("connects with a token from the route and hands typed events to listeners", async () => {
  assert.equal(connection.getStatus(), "connecting");
  connection.start();
  await waitForStatus("connected");
  assert.equal(tokensFetched, 1, "the token fetched to learn the URL serves the first handshake");

  const got = received("demo", 5_000, 1);
  const id = started("demo", rooms.user(user.id));
  assert.deepEqual(
    (await got).map((e) => e.executionId),
    [id],
  );
});

test("agent rooms are counted: the room is left when the last user of it leaves", async () => {
  const leaveA = connection.joinAgent("reporter");
  const leaveB = connection.joinAgent("reporter");
  await new Promise((r) => setTimeout(r, 100)); // the subscribe travels before the event does

  let got = received("reporter", 5_000, 1);
  const first = started("reporter", rooms.agent("reporter"));
  assert.deepEqual(
    (await got).map((e) => e.executionId),
    [first],
  );

  leaveA();
  leaveA(); // leaving twice counts once
  got = received("reporter", 5_000, 1);
  const second = started("reporter", rooms.agent("reporter"));
  assert.deepEqual(
    (await got).map((e) => e.executionId),
    [second],
  );

  leaveB();
  await new Promise((r) => setTimeout(r, 100));
  got = received("reporter", 500);
  started("reporter", rooms.agent("reporter"));
  assert.deepEqual(await got, []);
});

test("after a worker restart the connection comes back with a fresh token and its agent rooms", async () => {
  connection.joinAgent("nightly");
  const before = tokensFetched;
  const { code } = await worker.stop("SIGTERM");
  assert.equal(code, 0);
  await waitForStatus("disconnected");

  worker = await startWorker({ CADRE_WORKER_PORT: String(worker.port) });
  await waitForStatus("connected", 15_000);
  assert.ok(tokensFetched > before, "a reconnect fetches a new token");

  // The publisher reconnects by itself too; what it sends once back reaches the re-joined room.
  let ids: string[] = [];
  const deadline = Date.now() + 15_000;
  while (ids.length === 0 && Date.now() < deadline) {
    const got = received("nightly", 300, 1);
    started("nightly", rooms.agent("nightly"));
    ids = (await got).map((e) => e.executionId);
  }
  assert.equal(ids.length, 1, "no agent-room event arrived after the restart");
});

test("a burst of events appended to the outbox reaches the browser whole and in order", async () => {
  const got = received("queued", 20_000, 1005);
  // Appended with one change (one transaction); the worker's feed reads them in batches.
  const burst = Array.from({ length: 1005 }, () => startedEvent("queued", rooms.user(user.id)));
  const ids = burst.map((e) => e.payload.executionId);
  await appendEvents(db, burst);
  const events = await got;
  assert.equal(events.length, 1005);
  assert.deepEqual(
    events.map((e) => e.executionId),
    ids,
  );
});

test("close() ends the connection and stops reconnecting", async () => {
  connection.close();
  assert.equal(connection.getStatus(), "disconnected");
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(connection.getStatus(), "disconnected");
});
