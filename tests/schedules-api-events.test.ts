// Every schedule change reaches the agent's room as schedule_changed, through the real worker process.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { setTestEnv, setupTestEnv } from "./support/env";
import { call } from "./support/http";
import { startWorker } from "./support/worker";

const env = setupTestEnv("schedules-events");
const worker = await startWorker();
setTestEnv({ CADRE_WORKER_URL: worker.url, CADRE_PUBLIC_WORKER_URL: undefined });

const { mintRealtimeToken } = await import("@/lib/realtime/token");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("@/app/api/agents/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRoute = await import("@/app/api/agents/[name]/schedules/[id]/route");
const enableRoute = await import("@/app/api/agents/[name]/schedules/[id]/enable/route");
const disableRoute = await import("@/app/api/agents/[name]/schedules/[id]/disable/route");

let socket: Socket | undefined;
after(async () => {
  socket?.disconnect();
  await worker.stop("SIGKILL");
});

test("create, update, disable, enable and delete each publish schedule_changed to agent:<name>", async () => {
  const owner = await createTestUser("user");
  const agent = await call(agentsRoute, "POST", "/api/agents", {
    token: owner.token,
    body: { name: "planner", runtime: "claude-code", start: false },
  });
  assert.equal(agent.status, 201);

  const { token } = await mintRealtimeToken({ userId: owner.id, role: "user" }, env.internalSecret);
  const s = io(worker.url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
  socket = s;
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  const ack = await s.timeout(5_000).emitWithAck("subscribe", { agent: "planner" });
  assert.deepEqual(ack, { ok: true });
  const seen: { change: string; scheduleId: string; agentName: string; agentId: string }[] = [];
  s.on("schedule_changed", (payload) => seen.push(payload));

  const p = { name: "planner" };
  const created = await call(schedulesRoute, "POST", "/api/agents/planner/schedules", {
    token: owner.token,
    params: p,
    body: { name: "plan", cron: "0 0 1 1 *", message: "plan the year" },
  });
  assert.equal(created.status, 201);
  const id = created.body.schedule.id;
  const ids = { ...p, id };
  const path = `/api/agents/planner/schedules/${id}`;
  assert.equal(
    (await call(scheduleRoute, "PUT", path, { token: owner.token, params: ids, body: { message: "plan" } })).status,
    200,
  );
  assert.equal((await call(disableRoute, "POST", `${path}/disable`, { token: owner.token, params: ids })).status, 200);
  assert.equal((await call(enableRoute, "POST", `${path}/enable`, { token: owner.token, params: ids })).status, 200);
  assert.equal((await call(scheduleRoute, "DELETE", path, { token: owner.token, params: ids })).status, 200);

  const expected = ["created", "updated", "disabled", "enabled", "deleted"];
  const deadline = Date.now() + 5_000;
  while (seen.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    seen.map((e) => e.change),
    expected,
  );
  for (const e of seen) {
    assert.equal(e.scheduleId, id);
    assert.equal(e.agentName, "planner");
    assert.equal(e.agentId, agent.body.agent.id);
  }
});
