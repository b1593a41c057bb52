// Executions with the command runtime, run by a real runner process: results, sync/async, queueing under a concurrency
// limit, timeout, cancel, idempotency, listing, and runs whose runner is gone (lease expired).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { setupTestEnv } from "./support/env";

const env = setupTestEnv("executions");
const { call } = await import("./support/http");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { LEASE_EXPIRED_ERROR } = await import("@/lib/executions");
const { startRunner } = await import("./support/runner");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const listRoute = await import("@/app/api/agents/[name]/executions/route");
const executionRoute = await import("@/app/api/executions/[id]/route");
const cancelRoute = await import("@/app/api/executions/[id]/cancel/route");
const internalRoute = await import("@/app/api/internal/execute-task/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const user = await createTestUser("user");
const other = await createTestUser("user");
const secret = { "x-cadre-internal-secret": env.internalSecret };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const workspace = (name: string) => path.join(env.dir, "workspaces", name);

async function createCommandAgent(name: string, command: string, extra: Record<string, unknown> = {}) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command, ...extra },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent;
}

function runTask(name: string, body: Record<string, unknown>, token = user.token) {
  return call(taskRoute, "POST", `/api/agents/${name}/task`, { token, params: { name }, body });
}

async function getExecution(id: string) {
  const res = await call(executionRoute, "GET", `/api/executions/${id}`, { token: user.token, params: { id } });
  assert.equal(res.status, 200);
  return res.body.execution;
}

function cancel(id: string, token = user.token) {
  return call(cancelRoute, "POST", `/api/executions/${id}/cancel`, { token, params: { id } });
}

test("a failing command records stdout, stderr and exit code (sync call)", async () => {
  await createCommandAgent("failer", `sh -c 'cat; echo; echo err >&2; exit 3'`);
  const res = await runTask("failer", { message: "hello there" });
  assert.equal(res.status, 200);
  const e = res.body.execution;
  assert.equal(e.status, "failed");
  assert.equal(e.exitCode, 3);
  assert.match(e.response, /hello there/);
  assert.match(e.stderr, /err/);
  assert.equal(e.trigger, "api");
  assert.equal(e.createdById, user.id);
  assert.equal(e.agentName, "failer");
  assert.ok(e.startedAt && e.finishedAt && e.durationMs >= 0);
});

test("a succeeding command gets the task on stdin and Cadre's environment", async () => {
  await createCommandAgent("echo", `sh -c 'printf "got: %s | %s %s" "$(cat)" "$CADRE_AGENT" "$CADRE_EXECUTION_ID"'`);
  const res = await runTask("echo", { message: "ping" });
  assert.equal(res.status, 200);
  const e = res.body.execution;
  assert.equal(e.status, "succeeded", JSON.stringify(e));
  assert.equal(e.exitCode, 0);
  assert.equal(e.response.trim(), `got: ping | echo ${e.id}`);
  assert.equal(e.model, "sonnet");
});

test("async: 202 at once, then the execution finishes", async () => {
  await createCommandAgent("slowecho", `sh -c 'sleep 0.3; cat'`);
  const started = Date.now();
  const res = await runTask("slowecho", { message: "later", async: true, model: "haiku" });
  assert.equal(res.status, 202);
  assert.ok(Date.now() - started < 250, "async returns before the command ends");
  assert.ok(["queued", "running"].includes(res.body.execution.status));
  const done = await waitForExecution(user.token, res.body.execution.id, ["succeeded", "failed"]);
  assert.equal(done.status, "succeeded");
  assert.equal(done.response.trim(), "later");
  assert.equal(done.model, "haiku");
});

test("concurrency limit 1: one runs, the others queue and run in order, never two at once", async () => {
  await createCommandAgent("single", `sh -c 'cat >/dev/null; sleep 0.5'`, { concurrencyLimit: 1 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await runTask("single", { message: `t${i}`, async: true })).body.execution.id);
  await waitForExecution(user.token, ids[0], ["running"]);
  const agent = await call(agentRoute, "GET", "/api/agents/single", { token: user.token, params: { name: "single" } });
  assert.deepEqual(agent.body.agent.counts, { running: 1, queued: 2 });
  assert.equal((await getExecution(ids[1])).status, "queued");
  assert.equal((await getExecution(ids[2])).status, "queued");
  const done = [];
  for (const id of ids) done.push(await waitForExecution(user.token, id, ["succeeded", "failed"]));
  for (const e of done) assert.equal(e.status, "succeeded");
  for (let i = 1; i < done.length; i++) {
    const prevEnd = Date.parse(done[i - 1].finishedAt);
    assert.ok(Date.parse(done[i].startedAt) >= prevEnd, `task ${i} started before task ${i - 1} finished`);
  }
});

test("concurrency limit 2 runs two at once", async () => {
  await createCommandAgent("pair", `sh -c 'cat >/dev/null; sleep 0.6'`, { concurrencyLimit: 2 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await runTask("pair", { message: `t${i}`, async: true })).body.execution.id);
  await waitForExecution(user.token, ids[1], ["running"]);
  assert.equal((await getExecution(ids[0])).status, "running");
  assert.equal((await getExecution(ids[2])).status, "queued");
  for (const id of ids) await waitForExecution(user.token, id, ["succeeded"]);
});

test("timeout: the process group is killed and the execution is timed_out", async () => {
  const marker = path.join(workspace("slow"), "late");
  await createCommandAgent("slow", `sh -c '(sleep 2; touch "${marker}") & sleep 5'`);
  const started = Date.now();
  const res = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: { agent_name: "slow", message: "x", async_mode: false, timeout_seconds: 1 },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.execution.status, "timed_out");
  assert.equal(res.body.execution.timeoutSeconds, 1);
  assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  await sleep(2500);
  assert.equal(fs.existsSync(marker), false, "a child of the command survived the timeout");
});

test("cancel: a queued one at once, a running one by killing it; a finished one is 409", async () => {
  const marker = path.join(workspace("cancel-me"), "late");
  await createCommandAgent("cancel-me", `sh -c '(sleep 1.5; touch "${marker}") & sleep 30'`);
  const first = (await runTask("cancel-me", { message: "a", async: true })).body.execution.id;
  const second = (await runTask("cancel-me", { message: "b", async: true })).body.execution.id;
  await waitForExecution(user.token, first, ["running"]);

  assert.equal((await cancel(second, other.token)).status, 403, "another user may not cancel");
  const q = await cancel(second);
  assert.equal(q.status, 200);
  assert.equal(q.body.execution.status, "cancelled");
  assert.equal(q.body.execution.startedAt, null);

  const started = Date.now();
  const r = await cancel(first, admin.token);
  assert.equal(r.status, 200);
  assert.equal(r.body.execution.status, "cancelled");
  assert.ok(Date.now() - started < 5000);
  await sleep(2000);
  assert.equal(fs.existsSync(marker), false, "a child of the command survived the cancel");
  assert.equal((await getExecution(second)).status, "cancelled", "the cancelled queued task never ran");

  const again = await cancel(first);
  assert.equal(again.status, 409);
});

test("internal execute-task: secret required, async 202, idempotency key returns the first execution", async () => {
  const body = {
    agent_name: "echo",
    message: "scheduled",
    triggered_by: "schedule",
    idempotency_key: "sched-1@2030-01-01T00:00",
  };
  const noSecret = await call(internalRoute, "POST", "/api/internal/execute-task", { body });
  assert.equal(noSecret.status, 401);
  const first = await call(internalRoute, "POST", "/api/internal/execute-task", { headers: secret, body });
  assert.equal(first.status, 202);
  assert.equal(first.body.execution_id, first.body.execution.id);
  assert.equal(first.body.execution.trigger, "schedule");
  assert.equal(first.body.execution.createdById, null);
  const repeat = await call(internalRoute, "POST", "/api/internal/execute-task", { headers: secret, body });
  assert.equal(repeat.status, 200);
  assert.equal(repeat.body.duplicate, true);
  assert.equal(repeat.body.execution_id, first.body.execution_id);
  assert.equal(await db.execution.count({ where: { idempotencyKey: body.idempotency_key } }), 1);
  const parallel = await Promise.all(
    [1, 2, 3].map(() =>
      call(internalRoute, "POST", "/api/internal/execute-task", {
        headers: secret,
        body: { ...body, idempotency_key: "race" },
      }),
    ),
  );
  assert.equal(new Set(parallel.map((r) => r.body.execution_id)).size, 1);
  const bad = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: { agent_name: "echo", message: "x", triggered_by: "cron" },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "triggered_by");
  const unknown = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: { agent_name: "ghost", message: "x" },
  });
  assert.equal(unknown.status, 404);
  await waitForExecution(user.token, first.body.execution_id, ["succeeded"]);
});

test("list: newest first, filtered by status and trigger, paginated by cursor", async () => {
  await createCommandAgent("lister", "cat", { concurrencyLimit: 4 });
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await call(internalRoute, "POST", "/api/internal/execute-task", {
      headers: secret,
      body: { agent_name: "lister", message: `m${i}`, triggered_by: i % 2 ? "schedule" : "api", async_mode: false },
    });
    made.push(res.body.execution_id);
  }
  const url = (q: string) => `/api/agents/lister/executions?${q}`;
  const list = (q: string) => call(listRoute, "GET", url(q), { token: other.token, params: { name: "lister" } });
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await list(`limit=2${cursor ? `&cursor=${cursor}` : ""}`);
    assert.equal(res.status, 200);
    assert.ok(res.body.executions.length <= 2);
    seen.push(...res.body.executions.map((e: { id: string }) => e.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual(seen, [...made].reverse());
  const scheduled = await list("trigger=schedule");
  assert.deepEqual(
    scheduled.body.executions.map((e: { id: string }) => e.id),
    [made[3], made[1]],
  );
  assert.equal(scheduled.body.nextCursor, null);
  assert.equal((await list("status=failed")).body.executions.length, 0);
  assert.equal((await list("status=succeeded")).body.executions.length, 5);
  const badLimit = await list("limit=0");
  assert.equal(badLimit.status, 400);
  assert.equal(badLimit.body.error.details[0].field, "limit");
  const badStatus = await list("status=done");
  assert.equal(badStatus.status, 400);
  assert.equal(badStatus.body.error.details[0].field, "status");
});

test("a running row whose runner is gone (its lease ran out) is interrupted, not run again; queued rows inserted directly run", async () => {
  const agent = await db.agent.findUniqueOrThrow({ where: { name: "echo" } });
  const orphan = await db.execution.create({
    data: {
      agentId: agent.id,
      trigger: "api",
      status: "running",
      message: "lost",
      runnerId: "gone-runner",
      startedAt: new Date(),
      leaseExpiresAt: new Date(Date.now() - 1000),
    },
  });
  const held = await db.execution.create({
    data: {
      agentId: agent.id,
      trigger: "api",
      status: "running",
      message: "held",
      runnerId: "live-runner",
      startedAt: new Date(),
      leaseExpiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  const interrupted = await waitForExecution(user.token, orphan.id, ["interrupted"]);
  assert.equal(interrupted.error, LEASE_EXPIRED_ERROR);
  assert.ok(interrupted.finishedAt);
  assert.equal(interrupted.response, null, "it was not run again");
  assert.equal((await getExecution(held.id)).status, "running", "a run whose lease holds is left to its runner");
  await db.execution.update({ where: { id: held.id }, data: { status: "failed", finishedAt: new Date() } });

  const queued = await db.execution.create({
    data: { agentId: agent.id, trigger: "retry", status: "queued", message: "resume me" },
  });
  const done = await waitForExecution(user.token, queued.id, ["succeeded", "failed"]);
  assert.equal(done.status, "succeeded");
  assert.match(done.response, /resume me/);
});

test("unknown execution is 404; executions need a signed-in user", async () => {
  const missing = await call(executionRoute, "GET", "/api/executions/nope", {
    token: user.token,
    params: { id: "nope" },
  });
  assert.equal(missing.status, 404);
  const anon = await call(executionRoute, "GET", "/api/executions/nope", { params: { id: "nope" } });
  assert.equal(anon.status, 401);
  const empty = await runTask("echo", { message: "" });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.details[0].field, "message");
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
});
