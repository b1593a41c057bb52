// Deleting an agent with a long history: the answer comes at once and the agent is gone for every reader at once (its
// name free for a new agent); the workers then remove everything it owned in batches, and a worker killed halfway
// leaves the rest to the next one. Runs on SQLite and PostgreSQL (CADRE_TEST_DATABASE).

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv, teardownTestEnv } from "./support/env";

setupTestEnv("agent-delete");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { startWorker } = await import("./support/worker");
const { seedAgentHistory, remainingRows } = await import("./support/agent-history");
const { db } = await import("@/lib/db");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");
const executionRoute = await import("@/app/api/executions/[id]/route");
const conversationRoute = await import("@/app/api/conversations/[id]/route");
const executionsRoute = await import("@/app/api/agents/[name]/executions/route");

const admin = await createTestUser("admin");

/** Polls `read` until `done` holds for its value; fails with the last value after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function createAgent(name: string) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command: "cat", start: false },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return db.agent.findUniqueOrThrow({ where: { name }, select: { id: true, ownerId: true } });
}

const deleteAgent = (name: string) =>
  call(agentRoute, "DELETE", `/api/agents/${name}`, { token: admin.token, params: { name } });

test("an agent with thousands of executions is hidden at once, its name free, and removed in batches across a worker restart", async () => {
  const old = await createAgent("hoarder");
  const history = await seedAgentHistory(db, old, { executions: 4_000, conversations: 40, schedules: 2 });
  assert.equal((await remainingRows(db, old.id)).executions, 4_000);

  const t0 = Date.now();
  const res = await deleteAgent("hoarder");
  const answerMs = Date.now() - t0;
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { ok: true });
  assert.ok(answerMs < 2_000, `DELETE answered in ${answerMs} ms`);

  // Gone for every reader at once, while its rows are still there.
  const list = await call(agentsRoute, "GET", "/api/agents", { token: admin.token });
  assert.ok(!list.body.agents.some((a: { id: string }) => a.id === old.id), "not listed");
  assert.equal(
    (await call(agentRoute, "GET", "/api/agents/hoarder", { token: admin.token, params: { name: "hoarder" } })).status,
    404,
  );
  for (const id of history.sampleExecutionIds) {
    assert.equal(
      (await call(executionRoute, "GET", `/api/executions/${id}`, { token: admin.token, params: { id } })).status,
      404,
      id,
    );
  }
  const conversationId = history.conversationIds[0];
  assert.equal(
    (
      await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, {
        token: admin.token,
        params: { id: conversationId },
      })
    ).status,
    404,
  );
  const marked = await db.agent.findUniqueOrThrow({ where: { id: old.id } });
  assert.notEqual(marked.deletedAt, null);
  assert.equal(marked.status, "deleted");
  assert.equal(await db.schedule.count({ where: { agentId: old.id, enabled: true } }), 0, "its schedules stop at once");
  assert.equal(await db.agentSkill.count({ where: { agentId: old.id } }), 0, "its skills are unassigned at once");
  assert.equal((await remainingRows(db, old.id)).executions, 4_000, "no worker ran yet: the rows wait");
  const announced = await db.event.findMany({ where: { name: "agent_deleted" } });
  assert.equal(announced.length, 1);
  assert.equal(JSON.parse(announced[0].payload).agentId, old.id);

  // The name is free at once, and the new agent starts with an empty history.
  const fresh = await createAgent("hoarder");
  assert.notEqual(fresh.id, old.id);
  const runs = await call(executionsRoute, "GET", "/api/agents/hoarder/executions", {
    token: admin.token,
    params: { name: "hoarder" },
  });
  assert.equal(runs.status, 200);
  assert.deepEqual(runs.body.executions, []);
  assert.equal((await deleteAgent("hoarder")).status, 200, "a second agent of the same name is deleted too");
  const second = fresh.id;

  // A worker removes the rows in small batches; it is killed (as in a crash) once some, not all, are gone.
  const slow = { CADRE_WORKER_PARTS: "sockets", CADRE_AGENT_PURGE_BATCH: "50", CADRE_AGENT_PURGE_PAUSE_MS: "40" };
  const first = await startWorker(slow);
  const midway = await waitFor(
    "the first worker's progress",
    () => remainingRows(db, old.id),
    (r) => r.executions < 4_000,
  );
  await first.stop("SIGKILL");
  const left = await remainingRows(db, old.id);
  assert.ok(left.executions > 0 && left.agent === 1, `killed mid-deletion: ${JSON.stringify({ midway, left })}`);

  // The next worker takes the work up from the database and finishes it.
  const next = await startWorker({ CADRE_WORKER_PARTS: "sockets" });
  try {
    await waitFor(
      "the old agent's rows",
      () => remainingRows(db, old.id),
      (r) => r.agent === 0,
      180_000,
    );
    await waitFor(
      "the second agent's rows",
      () => remainingRows(db, second),
      (r) => r.agent === 0,
    );
  } finally {
    await next.stop();
  }
  assert.deepEqual(await remainingRows(db, old.id), {
    agent: 0,
    executions: 0,
    conversations: 0,
    schedules: 0,
    skills: 0,
  });
  assert.equal(await db.conversation.count({ where: { id: { in: history.conversationIds } } }), 0);
  assert.equal(await db.schedule.count({ where: { id: { in: history.scheduleIds } } }), 0);
  assert.match(next.output(), /deleted agent removed/);
});

test("a run claimed as the agent was deleted is asked to stop, and the agent goes once it has ended", async () => {
  const agent = await createAgent("racer");
  await seedAgentHistory(db, agent, { executions: 30, conversations: 2, schedules: 1 });
  // Refused while a run is going, and nothing changes.
  const running = await db.execution.create({
    data: { agentId: agent.id, trigger: "api", status: "running", message: "busy", startedAt: new Date() },
  });
  const refused = await deleteAgent("racer");
  assert.equal(refused.status, 409);
  assert.match(refused.body.error.message, /running/);
  assert.equal((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).deletedAt, null);

  // A claim that slips in after the mark (the run below goes "running" once the agent is marked).
  await db.execution.update({ where: { id: running.id }, data: { status: "succeeded", finishedAt: new Date() } });
  assert.equal((await deleteAgent("racer")).status, 200);
  await db.execution.update({ where: { id: running.id }, data: { status: "running", finishedAt: null } });

  const worker = await startWorker({ CADRE_WORKER_PARTS: "sockets" });
  try {
    const asked = await waitFor(
      "the cancel request",
      () => db.execution.findUniqueOrThrow({ where: { id: running.id } }),
      (e) => e.cancelRequestedAt !== null,
    );
    assert.equal(asked.status, "running", "a running execution is never deleted under its runner");
    assert.equal((await remainingRows(db, agent.id)).agent, 1);
    // Its runner records the end (as the runner part does when it sees the request).
    await db.execution.update({ where: { id: running.id }, data: { status: "cancelled", finishedAt: new Date() } });
    await waitFor(
      "the agent's rows",
      () => remainingRows(db, agent.id),
      (r) => r.agent === 0 && r.executions === 0,
    );
  } finally {
    await worker.stop();
  }
});

test.after(() => teardownTestEnv());
