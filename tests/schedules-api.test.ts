// Schedules API: create/read/update/delete, who may change what, validation of cron and time zone, next runs and
// the plain-English reading, enable/disable, Run Now with a real command agent, and the schedule's history.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("schedules-api");
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const agentsRoute = await import("@/app/api/agents/route");
const stopRoute = await import("@/app/api/agents/[name]/stop/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const executionRoute = await import("@/app/api/executions/[id]/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRoute = await import("@/app/api/agents/[name]/schedules/[id]/route");
const enableRoute = await import("@/app/api/agents/[name]/schedules/[id]/enable/route");
const disableRoute = await import("@/app/api/agents/[name]/schedules/[id]/disable/route");
const triggerRoute = await import("@/app/api/agents/[name]/schedules/[id]/trigger/route");
const historyRoute = await import("@/app/api/agents/[name]/schedules/[id]/executions/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const other = await createTestUser("user");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createAgent(token: string, body: Record<string, unknown>) {
  const res = await call(agentsRoute, "POST", "/api/agents", { token, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent;
}

// An agent the owner (a plain user) owns, and a command agent (admin-made) that echoes its task.
await createAgent(owner.token, { name: "writer", runtime: "claude-code", start: false });
await createAgent(admin.token, { name: "echo", runtime: "command", command: "cat", concurrencyLimit: 1 });

const base = (agent: string) => `/api/agents/${agent}/schedules`;

function create(agent: string, body: Record<string, unknown>, token = owner.token) {
  return call(schedulesRoute, "POST", base(agent), { token, params: { name: agent }, body });
}

function list(agent: string, token = other.token) {
  return call(schedulesRoute, "GET", base(agent), { token, params: { name: agent } });
}

function one(
  mod: Record<string, unknown>,
  method: string,
  agent: string,
  id: string,
  suffix = "",
  opts: { token?: string; body?: unknown } = {},
) {
  return call(mod, method, `${base(agent)}/${id}${suffix}`, {
    token: opts.token ?? owner.token,
    params: { name: agent, id },
    body: opts.body,
  });
}

async function createOk(agent: string, body: Record<string, unknown>, token = owner.token) {
  const res = await create(agent, body, token);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.schedule;
}

async function waitFinished(id: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await call(executionRoute, "GET", `/api/executions/${id}`, { token: other.token, params: { id } });
    assert.equal(res.status, 200);
    if (res.body.execution.finishedAt) return res.body.execution;
    if (Date.now() > deadline) assert.fail(`execution ${id} still ${res.body.execution.status}`);
    await sleep(40);
  }
}

test("create, read, list, update partially, delete", async () => {
  const created = await createOk("writer", {
    name: "morning report",
    cron: "0 9 * * 1-5",
    timezone: "Europe/Berlin",
    message: "Write the morning report",
    description: "for the team",
  });
  assert.equal(created.agentName, "writer");
  assert.equal(created.cron, "0 9 * * 1-5");
  assert.equal(created.cronDescription, "At 09:00, Monday through Friday");
  assert.equal(created.timezone, "Europe/Berlin");
  assert.equal(created.enabled, true);
  assert.equal(created.overlapPolicy, "skip");
  assert.equal(created.catchUpPolicy, "latest");
  assert.equal(created.catchUpWindowSeconds, 86400);
  assert.equal(created.retryCount, 0);
  assert.equal(created.retryBackoffSeconds, 60);
  assert.equal(created.model, null);
  assert.equal(created.timeoutSeconds, null);
  assert.equal(created.createdById, owner.id);
  assert.equal(created.lastRunAt, null);
  assert.equal(created.lastExecution, null);
  assert.equal(created.nextRuns.length, 5);
  assert.equal(created.nextRunAt, created.nextRuns[0]);
  for (const at of created.nextRuns) {
    const local = new Date(at).toLocaleString("en-GB", {
      timeZone: "Europe/Berlin",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    assert.match(local, /^(Mon|Tue|Wed|Thu|Fri) 09:00$/, `${at} is ${local} in Berlin`);
    assert.ok(Date.parse(at) > Date.now());
  }

  const listed = await list("writer");
  assert.equal(listed.status, 200);
  assert.deepEqual(
    listed.body.schedules.map((s: { id: string }) => s.id),
    [created.id],
  );

  const read = await one(scheduleRoute, "GET", "writer", created.id, "", { token: other.token });
  assert.equal(read.status, 200);
  assert.equal(read.body.schedule.message, "Write the morning report");

  const before = await db.schedule.findUniqueOrThrow({ where: { id: created.id } });
  const updated = await one(scheduleRoute, "PUT", "writer", created.id, "", {
    body: { message: "Shorter report", retryCount: 2 },
  });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  const s = updated.body.schedule;
  assert.equal(s.message, "Shorter report");
  assert.equal(s.retryCount, 2);
  // Everything not sent is as it was.
  assert.equal(s.name, "morning report");
  assert.equal(s.cron, "0 9 * * 1-5");
  assert.equal(s.timezone, "Europe/Berlin");
  assert.equal(s.description, "for the team");
  assert.equal(s.enabled, true);
  const after = await db.schedule.findUniqueOrThrow({ where: { id: created.id } });
  assert.equal(after.version, before.version + 1);
  assert.equal(
    after.lastSlotAt?.getTime() ?? null,
    before.lastSlotAt?.getTime() ?? null,
    "a message edit keeps the slot bookkeeping",
  );

  const cleared = await one(scheduleRoute, "PUT", "writer", created.id, "", {
    body: { model: "haiku", timeoutSeconds: 120 },
  });
  assert.equal(cleared.body.schedule.model, "haiku");
  const unset = await one(scheduleRoute, "PUT", "writer", created.id, "", { body: { model: null } });
  assert.equal(unset.body.schedule.model, null);
  assert.equal(unset.body.schedule.timeoutSeconds, 120);

  const rescheduled = await one(scheduleRoute, "PUT", "writer", created.id, "", {
    body: { cron: "*/5 * * * *", timezone: "UTC" },
  });
  assert.equal(rescheduled.body.schedule.cronDescription, "Every 5 minutes");
  const moved = await db.schedule.findUniqueOrThrow({ where: { id: created.id } });
  assert.ok(
    moved.lastSlotAt && Date.now() - moved.lastSlotAt.getTime() < 10_000,
    "a new expression starts its slots from now",
  );

  const deleted = await one(scheduleRoute, "DELETE", "writer", created.id);
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, { ok: true });
  assert.equal((await one(scheduleRoute, "GET", "writer", created.id)).status, 404);
  assert.deepEqual((await list("writer")).body.schedules, []);
});

test("a schedule is only found under its own agent", async () => {
  const s = await createOk("writer", { name: "scoped", cron: "0 8 * * 1", message: "x" });
  const wrongAgent = await one(scheduleRoute, "GET", "echo", s.id, "", { token: admin.token });
  assert.equal(wrongAgent.status, 404);
  assert.equal((await list("nobody")).status, 404);
});

test("without sign-in: 401; another user may read and Run Now but not change (403)", async () => {
  const s = await createOk("writer", { name: "guarded", cron: "0 8 * * 1", message: "x" });
  assert.equal((await call(schedulesRoute, "GET", base("writer"), { params: { name: "writer" } })).status, 401);
  assert.equal(
    (await call(schedulesRoute, "POST", base("writer"), { params: { name: "writer" }, body: {} })).status,
    401,
  );
  assert.equal(
    (await call(triggerRoute, "POST", `${base("writer")}/${s.id}/trigger`, { params: { name: "writer", id: s.id } }))
      .status,
    401,
  );

  const schedulesBefore = await db.schedule.count();
  const denied = [
    await create("writer", { name: "intruder", cron: "* * * * *", message: "x" }, other.token),
    await one(scheduleRoute, "PUT", "writer", s.id, "", { token: other.token, body: { message: "hijacked" } }),
    await one(scheduleRoute, "DELETE", "writer", s.id, "", { token: other.token }),
    await one(enableRoute, "POST", "writer", s.id, "/enable", { token: other.token }),
    await one(disableRoute, "POST", "writer", s.id, "/disable", { token: other.token }),
  ];
  for (const res of denied) {
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "forbidden");
  }
  assert.equal(await db.schedule.count(), schedulesBefore);
  const unchanged = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.equal(unchanged.message, "x");
  assert.equal(unchanged.enabled, true);

  assert.equal((await list("writer", other.token)).status, 200);
  assert.equal((await one(scheduleRoute, "GET", "writer", s.id, "", { token: other.token })).status, 200);
  assert.equal((await one(historyRoute, "GET", "writer", s.id, "/executions", { token: other.token })).status, 200);
  // Run Now is allowed; this agent is stopped, so the answer is the stopped-agent conflict, not a refusal.
  const run = await one(triggerRoute, "POST", "writer", s.id, "/trigger", { token: other.token });
  assert.equal(run.status, 409);
  assert.match(run.body.error.message, /stopped/);

  // An admin may change a schedule of an agent they do not own.
  const byAdmin = await one(scheduleRoute, "PUT", "writer", s.id, "", {
    token: admin.token,
    body: { message: "by admin" },
  });
  assert.equal(byAdmin.status, 200);
  assert.equal(byAdmin.body.schedule.message, "by admin");
});

test("invalid cron or time zone: 400 naming the field and why; nothing is written", async () => {
  const before = await db.schedule.count();
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ cron: "* * *" }, "cron", /^Cron expression: expected 5 fields \(or 6 with seconds\), got 3$/],
    [{ cron: "61 * * * *" }, "cron", /minute: 61/],
    [{ cron: "0 9 L * *" }, "cron", /'L' \(last day\) is not supported/],
    [{ cron: "0 9 * * 1#2" }, "cron", /'#'/],
    [{ cron: "0 0 30 2 *" }, "cron", /never matches/],
    [{ timezone: "Mars/Base" }, "timezone", /^Time zone: unknown IANA time zone 'Mars\/Base'$/],
    [{ timezone: "+02:00" }, "timezone", /not an IANA time zone name/],
  ];
  for (const [change, field, why] of cases) {
    const res = await create("writer", { name: `bad-${field}`, cron: "0 9 * * *", message: "x", ...change });
    assert.equal(res.status, 400, JSON.stringify(change));
    assert.equal(res.body.error.code, "validation_failed");
    const detail = res.body.error.details.find((d: { field: string }) => d.field === field);
    assert.ok(detail, `no detail for ${field}: ${JSON.stringify(res.body)}`);
    assert.match(detail.message, why);
    // the sentence a person reads, with no "Invalid body" or zod wording in front
    assert.equal(res.body.error.message, detail.message);
  }
  const missing = await create("writer", { name: "incomplete" });
  assert.equal(missing.status, 400);
  const fields = missing.body.error.details.map((d: { field: string }) => d.field).sort();
  assert.deepEqual(fields, ["cron", "message"]);
  assert.equal(await db.schedule.count(), before);

  // An edit with a bad expression leaves the schedule as it was.
  const s = await createOk("writer", { name: "kept", cron: "0 9 * * *", message: "x" });
  const bad = await one(scheduleRoute, "PUT", "writer", s.id, "", { body: { cron: "0 9 ? * *", message: "changed" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "cron");
  const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.equal(row.cron, "0 9 * * *");
  assert.equal(row.message, "x");
  assert.equal(row.version, 1);
});

test("6-field expressions with seconds are accepted; spacing is normalised", async () => {
  // An admin: runs this close are below the owners' default minimum interval.
  const s = await createOk(
    "writer",
    { name: "every ten seconds", cron: "*/10  *  * * * *", message: "tick" },
    admin.token,
  );
  assert.equal(s.cron, "*/10 * * * * *");
  assert.equal(s.cronDescription, "Every 10 seconds");
  const gaps = s.nextRuns.slice(1).map((at: string, i: number) => Date.parse(at) - Date.parse(s.nextRuns[i]));
  assert.deepEqual(gaps, [10_000, 10_000, 10_000, 10_000]);
  for (const at of s.nextRuns) assert.equal(new Date(at).getUTCSeconds() % 10, 0);
});

test("next runs follow the schedule's time zone", async () => {
  // New Year at 09:00 in Berlin is winter time (UTC+1): 08:00Z, five years in a row.
  const s = await createOk("writer", { name: "new year", cron: "0 9 1 1 *", timezone: "Europe/Berlin", message: "x" });
  const year = new Date().getUTCFullYear() + 1;
  assert.deepEqual(
    s.nextRuns,
    [0, 1, 2, 3, 4].map((i) => `${year + i}-01-01T08:00:00.000Z`),
  );
  const ny = await createOk("writer", {
    name: "new year ny",
    cron: "0 9 1 7 *",
    timezone: "America/New_York",
    message: "x",
  });
  for (const at of ny.nextRuns) assert.match(at, /-07-01T13:00:00\.000Z$/, "09:00 EDT is 13:00Z");
  assert.equal(ny.cronDescription, "At 09:00, on day 1 of the month, only in July");
});

test("duplicate names on one agent: 409 on create and on rename; other agents may reuse it", async () => {
  const a = await createOk("writer", { name: "nightly", cron: "0 2 * * *", message: "x" });
  const dup = await create("writer", { name: "nightly", cron: "0 3 * * *", message: "y" });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, "conflict");
  assert.deepEqual(dup.body.error.details, [{ field: "name", message: "taken" }]);
  await createOk("echo", { name: "nightly", cron: "0 2 * * *", message: "x" }, admin.token);
  const b = await createOk("writer", { name: "weekly", cron: "0 2 * * 0", message: "x" });
  const rename = await one(scheduleRoute, "PUT", "writer", b.id, "", { body: { name: "nightly" } });
  assert.equal(rename.status, 409);
  assert.equal((await db.schedule.findUniqueOrThrow({ where: { id: b.id } })).name, "weekly");
  assert.equal((await one(scheduleRoute, "GET", "writer", a.id)).body.schedule.name, "nightly");
});

test("enable and disable toggle the schedule; a disabled schedule has no next run", async () => {
  const s = await createOk("writer", { name: "toggle", cron: "0 12 * * *", message: "x", enabled: false });
  assert.equal(s.enabled, false);
  assert.equal(s.nextRunAt, null);
  assert.equal(s.nextRuns.length, 5);

  const on = await one(enableRoute, "POST", "writer", s.id, "/enable");
  assert.equal(on.status, 200);
  assert.equal(on.body.schedule.enabled, true);
  assert.equal(on.body.schedule.nextRunAt, on.body.schedule.nextRuns[0]);
  const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.equal(row.version, 2);
  assert.ok(row.lastSlotAt && Date.now() - row.lastSlotAt.getTime() < 10_000, "slots while disabled are not caught up");

  const again = await one(enableRoute, "POST", "writer", s.id, "/enable");
  assert.equal(again.body.schedule.enabled, true);
  assert.equal(
    (await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).version,
    2,
    "enabling an enabled schedule writes nothing",
  );

  const off = await one(disableRoute, "POST", "writer", s.id, "/disable", { token: admin.token });
  assert.equal(off.status, 200);
  assert.equal(off.body.schedule.enabled, false);
  assert.equal(off.body.schedule.nextRunAt, null);
  assert.equal((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).enabled, false);
});

test("Run Now: 202, a manual execution of the schedule's message, model and timeout that finishes", async () => {
  const s = await createOk(
    "echo",
    { name: "echo-now", cron: "0 0 1 1 *", message: "scheduled hello", model: "haiku", timeoutSeconds: 30 },
    admin.token,
  );
  const res = await one(triggerRoute, "POST", "echo", s.id, "/trigger", { token: other.token });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const queued = res.body.execution;
  assert.equal(queued.trigger, "manual");
  assert.equal(queued.scheduleId, s.id);
  assert.equal(queued.scheduledFor, null);
  assert.equal(queued.attempt, 1);
  assert.equal(queued.retryOfId, null);
  assert.equal(queued.createdById, other.id);
  assert.equal(queued.timeoutSeconds, 30);
  const done = await waitFinished(queued.id);
  assert.equal(done.status, "succeeded", JSON.stringify(done));
  assert.equal(done.response, "scheduled hello");
  assert.equal(done.model, "haiku");

  const after = (await one(scheduleRoute, "GET", "echo", s.id, "", { token: other.token })).body.schedule;
  assert.deepEqual(after.lastExecution, { id: done.id, status: "succeeded", finishedAt: done.finishedAt });
  assert.equal(after.lastRunAt, done.createdAt);
});

test("history: only this schedule's executions, newest first, by pages, filtered by status", async () => {
  const s = await createOk("echo", { name: "history", cron: "0 0 1 1 *", message: "run" }, admin.token);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await one(triggerRoute, "POST", "echo", s.id, "/trigger", { token: other.token });
    assert.equal(res.status, 202);
    ids.push(res.body.execution.id);
    await waitFinished(res.body.execution.id);
  }
  // A slot the scheduler skipped (the worker writes these rows itself).
  const agent = await db.agent.findUniqueOrThrow({ where: { name: "echo" } });
  const slot = new Date("2027-01-01T00:00:00Z");
  const skipped = await db.execution.create({
    data: {
      agentId: agent.id,
      trigger: "schedule",
      status: "skipped",
      message: "run",
      scheduleId: s.id,
      scheduledFor: slot,
      finishedAt: new Date(),
    },
  });
  ids.push(skipped.id);
  // Another run of the same agent that is not the schedule's.
  const unrelated = await call(taskRoute, "POST", "/api/agents/echo/task", {
    token: other.token,
    params: { name: "echo" },
    body: { message: "other" },
  });
  assert.equal(unrelated.status, 200);

  const history = (query: string) =>
    call(historyRoute, "GET", `${base("echo")}/${s.id}/executions${query}`, {
      token: other.token,
      params: { name: "echo", id: s.id },
    });
  const all = await history("");
  assert.equal(all.status, 200);
  assert.deepEqual(
    all.body.executions.map((e: { id: string }) => e.id),
    [...ids].reverse(),
  );
  assert.equal(all.body.nextCursor, null);

  const page1 = await history("?limit=3");
  assert.deepEqual(
    page1.body.executions.map((e: { id: string }) => e.id),
    [...ids].reverse().slice(0, 3),
  );
  assert.equal(page1.body.nextCursor, ids[1]);
  const page2 = await history(`?limit=3&cursor=${page1.body.nextCursor}`);
  assert.deepEqual(
    page2.body.executions.map((e: { id: string }) => e.id),
    [ids[0]],
  );
  assert.equal(page2.body.nextCursor, null);

  const onlySkipped = await history("?status=skipped");
  assert.equal(onlySkipped.body.executions.length, 1);
  const e = onlySkipped.body.executions[0];
  assert.equal(e.id, skipped.id);
  assert.equal(e.status, "skipped");
  assert.equal(e.trigger, "schedule");
  assert.equal(e.scheduledFor, slot.toISOString());
  assert.equal(e.attempt, 1);
  assert.equal((await history("?status=succeeded")).body.executions.length, 3);

  const badStatus = await history("?status=sleeping");
  assert.equal(badStatus.status, 400);
  assert.equal(badStatus.body.error.details[0].field, "status");
  assert.equal((await history("?limit=0")).status, 400);
});

test("Run Now on a stopped agent is refused with 409 and queues nothing", async () => {
  const s = await createOk("echo", { name: "stopped run", cron: "0 0 1 1 *", message: "x" }, admin.token);
  const stop = await call(stopRoute, "POST", "/api/agents/echo/stop", { token: admin.token, params: { name: "echo" } });
  assert.equal(stop.status, 200);
  const res = await one(triggerRoute, "POST", "echo", s.id, "/trigger", { token: other.token });
  assert.equal(res.status, 409);
  assert.equal(await db.execution.count({ where: { scheduleId: s.id } }), 0);
});

test.after(() => runner.stop());
