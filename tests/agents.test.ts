// Agents API: CRUD, access rules, validation, workspace folders, start/stop, delete guard, demo agent.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { setupTestEnv } from "./support/env";

const env = setupTestEnv("agents");
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { ensureDemoAgent } = await import("@/lib/agents/demo");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");
const startRoute = await import("@/app/api/agents/[name]/start/route");
const stopRoute = await import("@/app/api/agents/[name]/stop/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const cancelRoute = await import("@/app/api/executions/[id]/cancel/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const alice = await createTestUser("user");
const bob = await createTestUser("user");

const workspace = (name: string) => path.join(env.dir, "workspaces", name);
const agentCount = () => db.agent.count();

test("anonymous callers get 401 and learn nothing", async () => {
  const list = await call(agentsRoute, "GET", "/api/agents");
  assert.equal(list.status, 401);
  const create = await call(agentsRoute, "POST", "/api/agents", { body: { name: "x", runtime: "claude-code" } });
  assert.equal(create.status, 401);
  assert.equal(await agentCount(), 0);
});

test("a user creates an agent, becomes its owner, and gets a workspace", async () => {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: alice.token,
    body: { name: "alpha", description: "first", runtime: "claude-code" },
  });
  assert.equal(res.status, 201);
  const { agent } = res.body;
  assert.equal(agent.name, "alpha");
  assert.equal(agent.model, "sonnet");
  assert.equal(agent.status, "running");
  assert.equal(agent.concurrencyLimit, 1);
  assert.equal(agent.timeoutSeconds, 600);
  assert.equal(agent.command, null);
  assert.deepEqual(agent.owner, { id: alice.id, name: agent.owner.name, email: alice.email });
  assert.deepEqual(agent.counts, { running: 0, queued: 0 });
  assert.equal(agent.workspaceDir, workspace("alpha"));
  assert.ok(fs.statSync(workspace("alpha")).isDirectory());
  assert.ok(agent.startedAt);
});

test("a duplicate name is a 409 and nothing changes", async () => {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: bob.token,
    body: { name: "alpha", runtime: "claude-code" },
  });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, "conflict");
  assert.equal((await db.agent.findUniqueOrThrow({ where: { name: "alpha" } })).ownerId, alice.id);
});

test("bad input is a 400 naming the field, and nothing is written", async () => {
  const before = await agentCount();
  const cases: [Record<string, unknown>, string][] = [
    [{ name: "Bad Name", runtime: "claude-code" }, "name"],
    [{ name: "-dash", runtime: "claude-code" }, "name"],
    [{ name: "ok", runtime: "python" }, "runtime"],
    [{ name: "ok", runtime: "claude-code", concurrencyLimit: 0 }, "concurrencyLimit"],
    [{ name: "ok", runtime: "claude-code", timeoutSeconds: 90000 }, "timeoutSeconds"],
    [{ name: "ok", runtime: "claude-code", model: "so net; rm" }, "model"],
  ];
  for (const [body, field] of cases) {
    const res = await call(agentsRoute, "POST", "/api/agents", { token: alice.token, body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.ok(
      res.body.error.details.some((d: { field: string }) => d.field === field),
      `expected ${field}: ${JSON.stringify(res.body)}`,
    );
  }
  const noCommand = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name: "ok", runtime: "command" },
  });
  assert.equal(noCommand.status, 400);
  assert.equal(noCommand.body.error.details[0].field, "command");
  assert.equal(await agentCount(), before);
  assert.equal(fs.existsSync(workspace("ok")), false);
});

test("only admins may create command agents", async () => {
  const body = { name: "shell", runtime: "command", command: "cat" };
  const denied = await call(agentsRoute, "POST", "/api/agents", { token: alice.token, body });
  assert.equal(denied.status, 403);
  assert.equal(await db.agent.count({ where: { name: "shell" } }), 0);
  const ok = await call(agentsRoute, "POST", "/api/agents", { token: admin.token, body: { ...body, start: false } });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.agent.command, "cat");
  assert.equal(ok.body.agent.status, "stopped");
  assert.equal(ok.body.agent.startedAt, null);
});

test("list and read agents as any signed-in user; unknown is 404", async () => {
  const list = await call(agentsRoute, "GET", "/api/agents", { token: bob.token });
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.agents.map((a: { name: string }) => a.name),
    ["alpha", "shell"],
  );
  const one = await call(agentRoute, "GET", "/api/agents/alpha", { token: bob.token, params: { name: "alpha" } });
  assert.equal(one.body.agent.description, "first");
  const missing = await call(agentRoute, "GET", "/api/agents/nope", { token: bob.token, params: { name: "nope" } });
  assert.equal(missing.status, 404);
  const notSlug = await call(agentRoute, "GET", "/api/agents/..", { token: bob.token, params: { name: ".." } });
  assert.equal(notSlug.status, 404);
});

test("only the owner or an admin edits; command fields are admin-only", async () => {
  const p = { name: "alpha" };
  const byBob = await call(agentRoute, "PUT", "/api/agents/alpha", {
    token: bob.token,
    params: p,
    body: { description: "bob" },
  });
  assert.equal(byBob.status, 403);
  const byAlice = await call(agentRoute, "PUT", "/api/agents/alpha", {
    token: alice.token,
    params: p,
    body: { description: "edited", model: "opus", concurrencyLimit: 3 },
  });
  assert.equal(byAlice.status, 200);
  assert.equal(byAlice.body.agent.description, "edited");
  assert.equal(byAlice.body.agent.model, "opus");
  assert.equal(byAlice.body.agent.concurrencyLimit, 3);
  const toCommand = await call(agentRoute, "PUT", "/api/agents/alpha", {
    token: alice.token,
    params: p,
    body: { runtime: "command", command: "rm -rf /" },
  });
  assert.equal(toCommand.status, 403);
  const bad = await call(agentRoute, "PUT", "/api/agents/alpha", {
    token: alice.token,
    params: p,
    body: { timeoutSeconds: 0 },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "timeoutSeconds");
  const row = await db.agent.findUniqueOrThrow({ where: { name: "alpha" } });
  assert.equal(row.runtime, "claude-code");
  assert.equal(row.timeoutSeconds, 600);
  const byAdmin = await call(agentRoute, "PUT", "/api/agents/alpha", {
    token: admin.token,
    params: p,
    body: { description: "admin" },
  });
  assert.equal(byAdmin.status, 200);
  const adminNoCommand = await call(agentRoute, "PUT", "/api/agents/alpha", {
    token: admin.token,
    params: p,
    body: { runtime: "command" },
  });
  assert.equal(adminNoCommand.status, 400);
  assert.equal(adminNoCommand.body.error.details[0].field, "command");
});

test("start and stop: owner or admin; a stopped agent refuses tasks with 409", async () => {
  const p = { name: "alpha" };
  assert.equal((await call(stopRoute, "POST", "/api/agents/alpha/stop", { token: bob.token, params: p })).status, 403);
  const stopped = await call(stopRoute, "POST", "/api/agents/alpha/stop", { token: alice.token, params: p });
  assert.equal(stopped.status, 200);
  assert.equal(stopped.body.agent.status, "stopped");
  const task = await call(taskRoute, "POST", "/api/agents/alpha/task", {
    token: bob.token,
    params: p,
    body: { message: "hi", async: true },
  });
  assert.equal(task.status, 409);
  assert.match(task.body.error.message, /start it/);
  assert.equal(await db.execution.count(), 0);
  fs.rmSync(workspace("alpha"), { recursive: true });
  const started = await call(startRoute, "POST", "/api/agents/alpha/start", { token: admin.token, params: p });
  assert.equal(started.body.agent.status, "running");
  assert.ok(fs.existsSync(workspace("alpha")), "start recreates the workspace");
});

test("delete: owner or admin; refused while an execution runs; removes the workspace", async () => {
  const created = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name: "sleeper", runtime: "command", command: "sleep 20" },
  });
  assert.equal(created.status, 201);
  const p = { name: "sleeper" };
  const task = await call(taskRoute, "POST", "/api/agents/sleeper/task", {
    token: admin.token,
    params: p,
    body: { message: "x", async: true },
  });
  assert.equal(task.status, 202);
  const id = task.body.execution.id;
  assert.equal((await waitForExecution(admin.token, id, ["running"], 10_000)).status, "running");
  const refused = await call(agentRoute, "DELETE", "/api/agents/sleeper", { token: admin.token, params: p });
  assert.equal(refused.status, 409);
  assert.ok(fs.existsSync(workspace("sleeper")));
  const cancelled = await call(cancelRoute, "POST", `/api/executions/${id}/cancel`, {
    token: admin.token,
    params: { id },
  });
  assert.equal(cancelled.body.execution.status, "cancelled");
  const deleted = await call(agentRoute, "DELETE", "/api/agents/sleeper", { token: admin.token, params: p });
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, { ok: true });
  assert.equal(fs.existsSync(workspace("sleeper")), false);

  assert.equal(
    (await call(agentRoute, "DELETE", "/api/agents/alpha", { token: bob.token, params: { name: "alpha" } })).status,
    403,
  );
  const byOwner = await call(agentRoute, "DELETE", "/api/agents/alpha", {
    token: alice.token,
    params: { name: "alpha" },
  });
  assert.equal(byOwner.status, 200);
  assert.equal(await db.agent.count({ where: { name: "alpha" } }), 0);
  assert.equal(fs.existsSync(workspace("alpha")), false);
});

test("the demo agent is created once, running, as a command agent", async () => {
  assert.equal(await ensureDemoAgent(admin.id), true);
  assert.equal(await ensureDemoAgent(admin.id), false);
  const demo = await db.agent.findUniqueOrThrow({ where: { name: "demo" } });
  assert.equal(demo.runtime, "command");
  assert.equal(demo.status, "running");
  assert.equal(demo.command, 'node "$CADRE_HOME/bin/demo-agent.mjs"');
  assert.match(demo.description, /offline/);
  assert.ok(fs.existsSync(workspace("demo")));
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
});
