// Slots due together: claimed in one batch (each slot still once, whoever claimed some first), handed to the web in
// batched execute-task requests, and the route's `{ tasks }` form beside its single-task form. End to end with the
// real worker: two hundred schedules due in the same second run once each.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("scheduler-batch", { CADRE_SCHEDULER_POLL_SECONDS: "30" });
const { db } = await import("../lib/db");
const { call } = await import("./support/http");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("../app/api/agents/route");
const internalRoute = await import("../app/api/internal/execute-task/route");
const firing = await import("../lib/schedules/firing");
const { slotIdempotencyKey } = await import("../lib/schedules/slots");
const { createPoster } = await import("../worker/scheduler/poster");
const schedules = await import("../lib/schedules/schedules");
const { ScheduleCreateInput } = await import("../lib/schedules/schemas");

after(() => stack.stop());

const admin = await createTestUser("admin");
const who = { userId: admin.id, email: admin.email, name: "admin", role: "admin" as const, via: "token" as const };
const secret = { "x-cadre-internal-secret": stack.env.internalSecret };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createAgent(name: string, command: string, extra: Record<string, unknown> = {}) {
  const res = await call(agentsRoute, "POST", "/api/agents", { token: admin.token, body: { name, runtime: "command", command, ...extra } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent as { id: string; name: string };
}

/** Schedule rows the worker does not know of (no event): only the functions under test touch them. */
async function quietSchedules(agentId: string, n: number, prefix: string) {
  const now = new Date();
  await db.schedule.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      agentId, name: `${prefix}-${i}`, cron: "0 0 1 1 *", timezone: "UTC", message: `m-${i}`, enabled: false, createdAt: now, updatedAt: now,
    })),
  });
  const rows = await db.schedule.findMany({ where: { name: { startsWith: `${prefix}-` } }, select: firing.scheduleForFiring });
  const index = (name: string) => Number(name.slice(prefix.length + 1));
  return rows.sort((a, b) => index(a.name) - index(b.name)).map((s) => ({ ...s, enabled: true }));
}

test("a batch claim inserts each slot once: slots claimed before are left out, the rest are rows like Prisma's", async () => {
  const agent = await createAgent("claims", "true");
  const list = await quietSchedules(agent.id, 450, "claims");
  const slot = new Date("2030-01-01T00:00:00Z");
  const claims = list.map((schedule) => ({ schedule, slot, agentModel: "haiku" }));
  // Some slots were claimed already (another worker, an earlier life of this one).
  const before = [3, 250, 449];
  for (const i of before) assert.ok(await firing.claimSlot(db, claims[i]));

  const rows = await firing.claimSlots(db, claims);
  assert.equal(rows.length, 450);
  rows.forEach((row, i) => assert.equal(row === null, before.includes(i), `slot ${i}`));
  assert.equal(await db.execution.count({ where: { agentId: agent.id, scheduledFor: slot } }), 450);

  // What the batch returns is what the database holds, read back through Prisma.
  const row = rows[10]!;
  const stored = await db.execution.findUniqueOrThrow({ where: { id: row.id }, include: { agent: { select: { name: true } } } });
  assert.match(row.id, /^c[0-9a-z]{24}$/);
  assert.equal(stored.idempotencyKey, slotIdempotencyKey(list[10].id, slot, 1));
  assert.equal(stored.scheduledFor?.toISOString(), slot.toISOString());
  assert.equal(stored.createdAt.toISOString(), row.createdAt.toISOString());
  assert.deepEqual(
    [stored.status, stored.trigger, stored.attempt, stored.message, stored.model, stored.agent.name, stored.startedAt, stored.finishedAt],
    ["queued", "schedule", 1, "m-10", "haiku", agent.name, null, null],
  );
  // Date comparisons see the rows (the unsent sweep finds them once they are old enough).
  const unsent = await firing.unsentExecutions(db, new Date(Date.now() + 1000), 1000);
  assert.ok(unsent.some((e) => e.id === row.id));

  // Claiming them all again gets nothing; a skipped slot is recorded finished with its reason.
  assert.ok((await firing.claimSlots(db, claims)).every((r) => r === null));
  const next = new Date("2030-01-02T00:00:00Z");
  const [ran, skipped] = await firing.claimSlots(db, [
    { schedule: list[0], slot: next },
    { schedule: list[1], slot: next, skippedBecause: "skipped: test" },
  ]);
  assert.equal(ran?.status, "queued");
  const skippedRow = await db.execution.findUniqueOrThrow({ where: { id: skipped!.id } });
  assert.equal(skippedRow.status, "skipped");
  assert.equal(skippedRow.error, "skipped: test");
  assert.ok(skippedRow.finishedAt);
});

test("marks of many schedules move forward only; the overlap check reads long lists in pieces", async () => {
  const agent = await createAgent("marks", "true");
  const list = await quietSchedules(agent.id, 700, "marks");
  const slot = new Date("2030-03-01T00:00:00Z");
  const ranAt = new Date("2030-03-01T00:00:00.250Z");
  // One schedule already handled a later slot: its mark stays.
  await db.schedule.update({ where: { id: list[5].id }, data: { lastSlotAt: new Date("2030-04-01T00:00:00Z") } });
  await firing.markSlotsHandled(db, list.map((s, i) => ({ scheduleId: s.id, slot, ranAt: i % 2 === 0 ? ranAt : null })));
  const marked = await db.schedule.findMany({ where: { agentId: agent.id }, orderBy: { name: "asc" } });
  const byId = new Map(marked.map((s) => [s.id, s]));
  list.forEach((s, i) => {
    const m = byId.get(s.id)!;
    assert.equal(m.lastSlotAt?.toISOString(), i === 5 ? "2030-04-01T00:00:00.000Z" : slot.toISOString(), `lastSlotAt of ${i}`);
    assert.equal(m.lastRunAt?.toISOString() ?? null, i % 2 === 0 ? ranAt.toISOString() : null, `lastRunAt of ${i}`);
  });

  const claimed = await firing.claimSlots(db, list.slice(0, 600).map((schedule) => ({ schedule, slot })));
  const active = await firing.activeExecutions(db, list.map((s) => s.id));
  assert.equal(active.size, 600);
  assert.equal(active.get(list[0].id)?.id, claimed[0]?.id);
  assert.equal(active.has(list[650].id), false);
});

test("execute-task takes a batch: one result per task in order, each with the status it would get alone", async () => {
  const agent = await createAgent("batch-route", "cat");
  const keyed = await db.execution.create({
    data: { agentId: agent.id, trigger: "schedule", status: "queued", message: "keyed", idempotencyKey: "schedule:batch:key:1" },
  });
  const task = { agent_name: agent.name, message: "new one", async_mode: true, triggered_by: "schedule" };
  const res = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: {
      tasks: [
        { ...task, message: "keyed", idempotency_key: "schedule:batch:key:1" },
        { ...task, idempotency_key: "schedule:batch:key:2" },
        { ...task, message: "" },
        { ...task, agent_name: "no-such-agent" },
        { ...task, async_mode: false },
      ],
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [dup, created, empty, unknown, sync] = res.body.results;
  assert.deepEqual(dup, { http_status: 200, execution_id: keyed.id, status: "queued", duplicate: true });
  assert.equal(created.http_status, 202);
  assert.equal((await db.execution.findUniqueOrThrow({ where: { id: created.execution_id } })).idempotencyKey, "schedule:batch:key:2");
  assert.equal(empty.http_status, 400);
  assert.equal(empty.error.code, "validation_failed");
  assert.match(empty.error.message, /message/);
  assert.equal(unknown.http_status, 404);
  assert.equal(sync.http_status, 400);
  assert.equal(sync.error.details[0].field, "async_mode");
  // The keyed row runs (once), as for a single post with its key.
  const done = await waitForExecution(admin.token, keyed.id);
  assert.equal(done.response?.trim(), "keyed");
  assert.equal(await db.execution.count({ where: { agentId: agent.id } }), 2);

  // The single-task form answers as before.
  const single = await call(internalRoute, "POST", "/api/internal/execute-task", { headers: secret, body: { ...task, idempotency_key: "single:1" } });
  assert.equal(single.status, 202);
  assert.deepEqual(Object.keys(single.body).sort(), ["execution", "execution_id", "status"]);
  assert.equal(single.body.execution.id, single.body.execution_id);
  const bad = await call(internalRoute, "POST", "/api/internal/execute-task", { headers: secret, body: { agent_name: agent.name } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "message");

  // Guarded and bounded like the single form.
  const anonymous = await call(internalRoute, "POST", "/api/internal/execute-task", { body: { tasks: [task] } });
  assert.equal(anonymous.status, 401);
  const tooMany = await call(internalRoute, "POST", "/api/internal/execute-task", { headers: secret, body: { tasks: Array.from({ length: 501 }, () => task) } });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.error.details[0].field, "tasks");
  const before = await db.execution.count();
  const none = await call(internalRoute, "POST", "/api/internal/execute-task", { headers: secret, body: { tasks: [] } });
  assert.equal(none.status, 400);
  assert.equal(await db.execution.count(), before);
});

test("the poster batches rows handed over together, sends a lone row alone, and keeps each row's outcome", async () => {
  const bodies: { tasks?: { idempotency_key: string }[]; idempotency_key?: string }[] = [];
  let failWholeBatches = 0;
  // A task whose key ends in "refused" is refused for good, one ending in "busy" fails for now.
  const statusOf = (key: string) => (key.endsWith("refused") ? 400 : key.endsWith("busy") ? 503 : 200);
  const web = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const body = JSON.parse(text);
      bodies.push(body);
      if (!body.tasks) {
        res.writeHead(statusOf(body.idempotency_key), { "content-type": "application/json" });
        return res.end("{}");
      }
      if (failWholeBatches > 0) {
        failWholeBatches -= 1;
        res.writeHead(503, { "content-type": "application/json" });
        return res.end("{}");
      }
      const results = body.tasks.map((t: { idempotency_key: string }) => ({ http_status: statusOf(t.idempotency_key) }));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ results }));
    });
  });
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
  after(() => {
    web.closeAllConnections();
    return new Promise<void>((r) => web.close(() => r()));
  });
  const post = createPoster({
    webUrl: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
    secret: "s",
    sleep: async (ms) => void (await sleep(Math.min(ms, 20))),
    stopping: () => false,
  });
  const row = (key: string) =>
    ({ id: key, scheduleId: "s", scheduledFor: new Date(), attempt: 1, retryOfId: null, status: "queued", message: "m", model: null, timeoutSeconds: null, idempotencyKey: key, createdAt: new Date(), agent: { name: "a" } }) as const;

  const lone = await post(row("lone"));
  assert.equal(lone.kind, "sent");
  assert.equal(bodies.at(-1)!.idempotency_key, "lone");

  bodies.length = 0;
  const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => post(row(`k${i}${i === 7 ? "-refused" : ""}`))));
  assert.deepEqual(bodies.map((b) => b.tasks?.length), [250, 50]);
  assert.equal(outcomes.filter((o) => o.kind === "sent").length, 299);
  assert.equal(outcomes[7].kind, "refused");

  // A row the web cannot take yet is retried; a batch failing as a whole is retried as a whole.
  bodies.length = 0;
  failWholeBatches = 1;
  const retried = await Promise.all([post(row("a")), post(row("b")), post(row("c-busy"))]);
  assert.deepEqual(retried.map((o) => o.kind), ["sent", "sent", "unreachable"]);
  assert.equal(bodies.filter((b) => b.tasks?.some((t) => t.idempotency_key === "c-busy") || b.idempotency_key === "c-busy").length, 4);
});

test("two hundred schedules due in the same second: each slot claimed and run once, in a few batched requests", async () => {
  const agent = await createAgent("burst", "true", { concurrencyLimit: 16 });
  // Far enough ahead that 200 creations fit before it on a busy machine.
  const at = new Date(Math.ceil((Date.now() + 20_000) / 1000) * 1000);
  const cron = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    const input = ScheduleCreateInput.parse({ name: `burst-${i}`, message: "tick", cron, overlapPolicy: "skip" });
    ids.push((await schedules.createSchedule(agent.name, input, who)).id);
  }
  assert.ok(Date.now() < at.getTime() - 1000, "the schedules were created in time");
  const requestsBefore = stack.requests.length;

  const deadline = Date.now() + 60_000;
  let rows = await db.execution.findMany({ where: { scheduleId: { in: ids } } });
  while ((rows.length < 200 || rows.some((e) => !e.finishedAt)) && Date.now() < deadline) {
    await sleep(200);
    rows = await db.execution.findMany({ where: { scheduleId: { in: ids } } });
  }
  assert.equal(rows.length, 200, `worker output:\n${stack.worker.output().slice(-3000)}`);
  assert.ok(rows.every((e) => e.finishedAt), "every run finished");
  assert.deepEqual([...new Set(rows.map((e) => e.scheduledFor?.toISOString()))], [at.toISOString()]);
  assert.equal(new Set(rows.map((e) => e.scheduleId)).size, 200);
  assert.ok(rows.every((e) => e.status === "succeeded"), JSON.stringify(rows.filter((e) => e.status !== "succeeded").slice(0, 3)));
  const posts = stack.requests.slice(requestsBefore).filter((r) => r.path === "/api/internal/execute-task");
  // Batched: far fewer requests than rows. How few depends on how the second's claims fall on a busy machine (a
  // figure for the benchmark, not for a test).
  assert.ok(posts.length >= 1 && posts.length < 50, `${posts.length} requests for 200 rows`);
  assert.ok(posts.every((r) => r.status === 200));
  const marks = await db.schedule.findMany({ where: { id: { in: ids } }, select: { lastSlotAt: true, lastRunAt: true } });
  assert.ok(marks.every((s) => s.lastSlotAt?.getTime() === at.getTime() && s.lastRunAt !== null));
  // Nothing more is claimed for that second later on (the worker's callbacks after the batch found it handled).
  await sleep(1500);
  assert.equal(await db.execution.count({ where: { scheduleId: { in: ids } } }), 200);
});
