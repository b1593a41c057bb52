// Slots due together: claimed in one batch (each slot still once, whoever claimed some first) in one transaction with
// their events and marks, handed to the web in batched execute-task requests, and the route's `{ tasks }` form beside
// its single-task form; retries as rows. End to end with the real worker: two hundred schedules due in the same second
// run once each.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("scheduler-batch", { CADRE_SCHEDULER_POLL_SECONDS: "30" });
const { db, dialect, direct } = await import("@/lib/db");
const { call } = await import("./support/http");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("@/app/api/agents/route");
const internalRoute = await import("@/app/api/internal/execute-task/route");
const firing = await import("@/lib/schedules/firing");
const { slotIdempotencyKey } = await import("@/lib/schedules/slots");
const { createPoster } = await import("@/worker/scheduler/poster");
const { appendEvents } = await import("@/lib/events/outbox");
const { scheduleChangedEvent } = await import("@/lib/schedules/events");

after(() => stack.stop());

const admin = await createTestUser("admin");
const secret = { "x-cadre-internal-secret": stack.env.internalSecret };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createAgent(name: string, command: string, extra: Record<string, unknown> = {}) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command, ...extra },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent as { id: string; name: string };
}

/**
 * The newest event's id: events written from here on have larger ones. (Not the count: on PostgreSQL a rolled-back
 * insert leaves a gap in the sequence, so the count can be below ids already taken.)
 */
async function lastEventId(): Promise<bigint> {
  return (await db.event.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}

/** The events written since `after` about the given executions, oldest first, as [name, executionId]. */
async function eventsAbout(after: bigint, executionIds: string[]): Promise<[string, string][]> {
  const rows = await db.event.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" } });
  return rows
    .map((e) => [e.name, JSON.parse(e.payload).executionId] as [string, string])
    .filter(([, id]) => executionIds.includes(id));
}

/** Schedule rows the worker does not know of (no event): only the functions under test touch them. */
async function quietSchedules(agentId: string, n: number, prefix: string) {
  const now = new Date();
  await db.schedule.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      agentId,
      name: `${prefix}-${i}`,
      cron: "0 0 1 1 *",
      timezone: "UTC",
      message: `m-${i}`,
      enabled: false,
      createdAt: now,
      updatedAt: now,
    })),
  });
  const ids = await db.schedule.findMany({ where: { name: { startsWith: `${prefix}-` } }, select: { id: true } });
  const rows = await firing.firingSchedules(
    db,
    ids.map((s) => s.id),
  );
  const index = (name: string) => Number(name.slice(prefix.length + 1));
  return rows.sort((a, b) => index(a.name) - index(b.name)).map((s) => ({ ...s, enabled: true }));
}

test("a batch claim inserts each slot once: slots claimed before are left out, the rest are rows like Prisma's", async () => {
  // Stopped: no runner takes these rows while the test reads them.
  const agent = await createAgent("claims", "true", { start: false });
  const list = await quietSchedules(agent.id, 450, "claims");
  const slot = new Date("2030-01-01T00:00:00Z");
  const claims = list.map((schedule) => ({ schedule, slot, agentModel: "haiku" }));
  // Some slots were claimed already (another worker, an earlier life of this one).
  const before = [3, 250, 449];
  for (const i of before) assert.ok((await firing.claimSlots(db, [claims[i]]))[0]);

  const rows = await firing.claimSlots(db, claims);
  assert.equal(rows.length, 450);
  for (const [i, row] of rows.entries()) assert.equal(row === null, before.includes(i), `slot ${i}`);
  assert.equal(await db.execution.count({ where: { agentId: agent.id, scheduledFor: slot } }), 450);

  // What the batch returns is what the database holds, read back through Prisma.
  const row = rows[10]!;
  const stored = await db.execution.findUniqueOrThrow({
    where: { id: row.id },
    include: { agent: { select: { name: true } } },
  });
  assert.match(row.id, /^c[0-9a-z]{24}$/);
  assert.equal(stored.idempotencyKey, slotIdempotencyKey(list[10].id, slot, 1));
  assert.equal(stored.scheduledFor?.toISOString(), slot.toISOString());
  assert.equal(stored.createdAt.toISOString(), row.createdAt.toISOString());
  assert.deepEqual(
    [
      stored.status,
      stored.trigger,
      stored.attempt,
      stored.message,
      stored.model,
      stored.agent.name,
      stored.startedAt,
      stored.finishedAt,
    ],
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
  const agent = await createAgent("marks", "true", { start: false });
  const list = await quietSchedules(agent.id, 700, "marks");
  const slot = new Date("2030-03-01T00:00:00Z");
  const ranAt = new Date("2030-03-01T00:00:00.250Z");
  // One schedule already handled a later slot: its mark stays.
  await db.schedule.update({ where: { id: list[5].id }, data: { lastSlotAt: new Date("2030-04-01T00:00:00Z") } });
  await firing.markSlotsHandled(
    db,
    list.map((s, i) => ({ scheduleId: s.id, slot, ranAt: i % 2 === 0 ? ranAt : null })),
  );
  const marked = await db.schedule.findMany({ where: { agentId: agent.id }, orderBy: { name: "asc" } });
  const byId = new Map(marked.map((s) => [s.id, s]));
  list.forEach((s, i) => {
    const m = byId.get(s.id)!;
    assert.equal(
      m.lastSlotAt?.toISOString(),
      i === 5 ? "2030-04-01T00:00:00.000Z" : slot.toISOString(),
      `lastSlotAt of ${i}`,
    );
    assert.equal(m.lastRunAt?.toISOString() ?? null, i % 2 === 0 ? ranAt.toISOString() : null, `lastRunAt of ${i}`);
  });

  const claimed = await firing.claimSlots(
    db,
    list.slice(0, 600).map((schedule) => ({ schedule, slot })),
  );
  const active = await firing.activeExecutions(
    db,
    list.map((s) => s.id),
  );
  assert.equal(active.size, 600);
  assert.equal(active.get(list[0].id)?.id, claimed[0]?.id);
  assert.equal(active.has(list[650].id), false);
});

test("a claim writes its rows, their events and the marks in one transaction; a schedule changed since it was planned is not fired", async () => {
  const agent = await createAgent("fires", "true");
  const [s0, s1, s2, s3] = await quietSchedules(agent.id, 4, "fires");
  await db.schedule.updateMany({ where: { id: { in: [s0.id, s1.id, s2.id] } }, data: { enabled: true } });
  // With jitter the queued run waits until after its slot, years ahead: the worker's runner leaves it as it is.
  await db.schedule.update({ where: { id: s0.id }, data: { jitterSeconds: 3600 } });
  const t1 = new Date("2031-01-01T00:00:00Z");
  const t2 = new Date("2031-01-01T00:00:01Z");
  const fire = (s: typeof s0, slot: Date, extra: Partial<{ missed: string; cron: string }> = {}) => ({
    scheduleId: s.id,
    slot,
    cron: s.cron,
    timezone: s.timezone,
    ...extra,
  });
  const fires = [
    fire(s0, t2),
    fire(s0, t1),
    fire(s1, t1, { missed: "missed: test" }),
    fire(s2, t1, { cron: "*/5 * * * *" }), // planned from an expression the schedule no longer has
    fire(s3, t1), // disabled
  ];
  const eventsBefore = await lastEventId();
  const now = new Date();
  const { outcomes, queued } = await firing.claimFires(direct, fires, now);
  // Slots of one schedule go oldest first: the second finds the first queued and follows the overlap policy (skip).
  assert.deepEqual(outcomes, ["skipped", "queued", "missed", "stale", "stale"]);
  assert.equal(queued.length, 1);
  const rows = await db.execution.findMany({
    where: { scheduleId: { in: [s0.id, s1.id, s2.id, s3.id] } },
    orderBy: [{ scheduleId: "asc" }, { scheduledFor: "asc" }],
  });
  const of = (s: typeof s0, slot: Date) =>
    rows.find((r) => r.scheduleId === s.id && r.scheduledFor?.getTime() === slot.getTime());
  assert.equal(rows.length, 3);
  assert.equal(of(s0, t1)?.id, queued[0].id);
  assert.equal(of(s0, t1)?.status, "queued");
  assert.equal(of(s0, t2)?.status, "skipped");
  assert.equal(of(s0, t2)?.error, `skipped: the previous run (${queued[0].id}) was still queued`);
  assert.equal(of(s1, t1)?.error, "missed: test");
  // Each row's event was written with it: queued for the run, finished for the slots recorded without running.
  // The first event of each (a runner may have taken the queued run since, and written more).
  const byExecution = new Map<string, string>();
  for (const [name, id] of await eventsAbout(
    eventsBefore,
    rows.map((r) => r.id),
  ))
    if (!byExecution.has(id)) byExecution.set(id, name);
  assert.equal(byExecution.get(of(s0, t1)!.id), "execution_queued");
  assert.equal(byExecution.get(of(s0, t2)!.id), "execution_finished");
  assert.equal(byExecution.get(of(s1, t1)!.id), "execution_finished");
  const marks = new Map(
    (await db.schedule.findMany({ where: { id: { in: [s0.id, s1.id, s2.id] } } })).map((s) => [s.id, s]),
  );
  assert.equal(marks.get(s0.id)?.lastSlotAt?.toISOString(), t2.toISOString());
  assert.equal(marks.get(s0.id)?.lastRunAt?.toISOString(), now.toISOString());
  assert.equal(marks.get(s1.id)?.lastSlotAt?.toISOString(), t1.toISOString());
  assert.equal(marks.get(s1.id)?.lastRunAt, null);
  assert.equal(marks.get(s2.id)?.lastSlotAt, null);
  // A second claim of the same slots (another worker) wins none of them.
  assert.deepEqual((await firing.claimFires(direct, fires, new Date())).outcomes, [
    "lost",
    "lost",
    "lost",
    "stale",
    "stale",
  ]);
  assert.equal(await db.execution.count({ where: { scheduleId: { in: [s0.id, s1.id] } } }), 3);
});

test("a claim that does not wait passes over schedules another transaction holds; the one that waits claims them after it", async () => {
  // Stopped: each slot is recorded skipped, which is enough to see who claimed it.
  const agent = await createAgent("deferral", "true", { start: false });
  const list = await quietSchedules(agent.id, 3, "deferral");
  await db.schedule.updateMany({ where: { id: { in: list.map((s) => s.id) } }, data: { enabled: true } });
  const slot = new Date("2033-01-01T00:00:00Z");
  const fires = list.map((s) => ({ scheduleId: s.id, slot, cron: s.cron, timezone: s.timezone }));
  if (dialect().name === "sqlite") {
    // One writer at a time: a claim holds every row it reads, and finds none held.
    assert.deepEqual((await firing.claimFires(direct, fires, new Date(), { skipLocked: true })).outcomes, [
      "skipped",
      "skipped",
      "skipped",
    ]);
    assert.deepEqual((await firing.claimFires(direct, fires, new Date())).outcomes, ["lost", "lost", "lost"]);
    return;
  }
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  // Another worker's claim of the second schedule, in flight.
  const other = db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Schedule" WHERE "id" = ${list[1].id} FOR UPDATE`;
      holding();
      await released;
    },
    { timeout: 120_000 },
  );
  await held;
  const first = await firing.claimFires(direct, fires, new Date(), { skipLocked: true });
  assert.deepEqual(first.outcomes, ["skipped", "deferred", "skipped"]);
  assert.equal(
    await db.execution.count({ where: { scheduleId: list[1].id } }),
    0,
    "nothing written for the deferred one",
  );
  // The second try waits for the other transaction; that one wrote nothing, so the slot is this claim's.
  const second = firing.claimFires(direct, [fires[1]], new Date());
  release();
  await other;
  assert.deepEqual((await second).outcomes, ["skipped"]);
  // Tried again, every slot is found claimed.
  assert.deepEqual((await firing.claimFires(direct, fires, new Date(), { skipLocked: true })).outcomes, [
    "lost",
    "lost",
    "lost",
  ]);
  assert.deepEqual((await firing.claimFires(direct, fires, new Date())).outcomes, ["lost", "lost", "lost"]);
  assert.equal(await db.execution.count({ where: { scheduleId: { in: list.map((s) => s.id) } } }), 3);
});

test("a claim that waited past the time its plan held writes nothing and says so, whether found before or after its writes", async () => {
  const agent = await createAgent("stale-plan", "true");
  const list = await quietSchedules(agent.id, 2, "stale-plan");
  await db.schedule.updateMany({ where: { id: { in: list.map((s) => s.id) } }, data: { enabled: true } });
  const slot = new Date("2034-01-01T00:00:00Z");
  const fires = list.map((s) => ({ scheduleId: s.id, slot, cron: s.cron, timezone: s.timezone }));
  const eventsBefore = await lastEventId();
  // Asked once holding the schedules and once before the commit: expired at the first, then only at the second.
  for (const expiresAt of [1, 2]) {
    let asked = 0;
    await assert.rejects(
      firing.claimFires(direct, fires, new Date(), { planExpired: () => ++asked >= expiresAt }),
      firing.StalePlanError,
    );
    assert.equal(asked, expiresAt);
  }
  assert.equal(await db.execution.count({ where: { scheduleId: { in: list.map((s) => s.id) } } }), 0);
  const marks = await db.schedule.findMany({ where: { id: { in: list.map((s) => s.id) } } });
  assert.ok(marks.every((m) => m.lastSlotAt === null));
  const events = await db.event.findMany({ where: { id: { gt: eventsBefore } } });
  assert.deepEqual(
    events.filter((e) => list.some((s) => e.payload.includes(s.id))),
    [],
    "no event of the rolled-back claims",
  );
  // Planned again in time, the same slots are claimed.
  assert.deepEqual((await firing.claimFires(direct, fires, new Date(), { planExpired: () => false })).outcomes, [
    "queued",
    "queued",
  ]);
});

test("retries are rows: the next attempt is queued once, not before its backoff, with its event, whoever asks; the poll finds only owed ones", async () => {
  const agent = await createAgent("retry-rows", "true");
  const [schedule] = await quietSchedules(agent.id, 1, "retry-rows");
  await db.schedule.update({
    where: { id: schedule.id },
    data: { enabled: true, retryCount: 2, retryBackoffSeconds: 5 },
  });
  // Far ahead, so no runner takes the rows while the test looks at them.
  const slot = new Date("2032-01-01T00:00:00Z");
  const failedAt = new Date("2032-01-01T00:00:03Z");
  const first = await db.execution.create({
    data: {
      agentId: agent.id,
      scheduleId: schedule.id,
      scheduledFor: slot,
      trigger: "schedule",
      status: "failed",
      message: "m",
      finishedAt: failedAt,
      idempotencyKey: slotIdempotencyKey(schedule.id, slot, 1),
    },
  });
  const finish = (id: string, status: string, at: Date) =>
    db.execution.update({ where: { id }, data: { status, finishedAt: at } });
  const since = new Date(failedAt.getTime() - 60_000);
  assert.ok((await firing.owedRetries(db, since, 100)).includes(first.id), "the failure owes a retry");

  const eventsBefore = await lastEventId();
  const outcomes = await Promise.all([
    firing.queueRetry(db, first.id, new Date()),
    firing.queueRetry(db, first.id, new Date()),
  ]);
  assert.deepEqual(outcomes.map((o) => o.kind).sort(), ["exists", "queued"]);
  const second = await db.execution.findFirstOrThrow({ where: { scheduleId: schedule.id, attempt: 2 } });
  assert.deepEqual(
    [second.status, second.trigger, second.retryOfId, second.notBefore?.toISOString(), second.idempotencyKey],
    [
      "queued",
      "retry",
      first.id,
      new Date(failedAt.getTime() + 5_000).toISOString(),
      slotIdempotencyKey(schedule.id, slot, 2),
    ],
  );
  // One event, for the one attempt queued (events of other runs of the stack written meanwhile are left out).
  const allOfSchedule = (await db.execution.findMany({ where: { scheduleId: schedule.id }, select: { id: true } })).map(
    (r) => r.id,
  );
  assert.deepEqual(await eventsAbout(eventsBefore, allOfSchedule), [["execution_queued", second.id]]);
  assert.ok(!(await firing.owedRetries(db, since, 100)).includes(first.id), "owed no more");
  // Handed to the web once its backoff has ended, not before.
  const due = (from: number, to: number) =>
    firing.retriesDue(db, new Date(from), new Date(to), 10).then((rows) => rows.map((r) => r.id));
  assert.deepEqual(await due(failedAt.getTime(), failedAt.getTime() + 4_999), []);
  assert.deepEqual(await due(failedAt.getTime() + 4_999, failedAt.getTime() + 5_000), [second.id]);

  // An interrupted attempt (its runner died) is retried too, the backoff doubled; the last one owes nothing.
  const interruptedAt = new Date("2032-01-01T00:00:20Z");
  await finish(second.id, "interrupted", interruptedAt);
  assert.equal((await firing.queueRetry(db, second.id, new Date())).kind, "queued");
  const third = await db.execution.findFirstOrThrow({ where: { scheduleId: schedule.id, attempt: 3 } });
  assert.equal(third.retryOfId, first.id);
  assert.equal(third.notBefore?.toISOString(), new Date(interruptedAt.getTime() + 10_000).toISOString());
  await finish(third.id, "timed_out", new Date("2032-01-01T00:00:40Z"));
  assert.equal((await firing.queueRetry(db, third.id, new Date())).kind, "none", "attempt 3 of 3 was the last");
  assert.ok(!(await firing.owedRetries(db, since, 100)).includes(third.id));
  // A disabled schedule owes no retry.
  await db.schedule.update({ where: { id: schedule.id }, data: { retryCount: 5, enabled: false } });
  assert.ok(!(await firing.owedRetries(db, since, 100)).includes(third.id));
  assert.equal((await firing.queueRetry(db, third.id, new Date())).kind, "none");
});

test("execute-task takes a batch: one result per task in order, each with the status it would get alone", async () => {
  const agent = await createAgent("batch-route", "cat");
  const keyed = await db.execution.create({
    data: {
      agentId: agent.id,
      trigger: "schedule",
      status: "queued",
      message: "keyed",
      idempotencyKey: "schedule:batch:key:1",
    },
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
  // The row's status as it is when the route reads it: the agent's runner may have taken it already.
  const { status: dupStatus, ...dupRest } = dup;
  assert.deepEqual(dupRest, { http_status: 200, execution_id: keyed.id, duplicate: true });
  assert.ok(["queued", "running", "succeeded"].includes(dupStatus), dupStatus);
  assert.equal(created.http_status, 202);
  assert.equal(
    (await db.execution.findUniqueOrThrow({ where: { id: created.execution_id } })).idempotencyKey,
    "schedule:batch:key:2",
  );
  assert.equal(empty.http_status, 400);
  assert.equal(empty.error.code, "validation_failed");
  assert.match(empty.error.message, /^Message is/);
  assert.equal(empty.error.details[0].field, "message");
  assert.equal(unknown.http_status, 404);
  assert.equal(sync.http_status, 400);
  assert.equal(sync.error.details[0].field, "async_mode");
  // The keyed row runs (once), as for a single post with its key.
  const done = await waitForExecution(admin.token, keyed.id);
  assert.equal(done.response?.trim(), "keyed");
  assert.equal(await db.execution.count({ where: { agentId: agent.id } }), 2);

  // The single-task form answers as before.
  const single = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: { ...task, idempotency_key: "single:1" },
  });
  assert.equal(single.status, 202);
  assert.deepEqual(Object.keys(single.body).sort(), ["execution", "execution_id", "status"]);
  assert.equal(single.body.execution.id, single.body.execution_id);
  const bad = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: { agent_name: agent.name },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "message");

  // Guarded and bounded like the single form.
  const anonymous = await call(internalRoute, "POST", "/api/internal/execute-task", { body: { tasks: [task] } });
  assert.equal(anonymous.status, 401);
  const tooMany = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: { tasks: Array.from({ length: 501 }, () => task) },
  });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.error.details[0].field, "tasks");
  const before = await db.execution.count();
  const none = await call(internalRoute, "POST", "/api/internal/execute-task", {
    headers: secret,
    body: { tasks: [] },
  });
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
      const results = body.tasks.map((t: { idempotency_key: string }) => ({
        http_status: statusOf(t.idempotency_key),
      }));
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
    ({
      id: key,
      agentId: "a",
      scheduleId: "s",
      scheduledFor: new Date(),
      attempt: 1,
      retryOfId: null,
      trigger: "schedule",
      status: "queued",
      message: "m",
      model: null,
      timeoutSeconds: null,
      idempotencyKey: key,
      notBefore: null,
      createdAt: new Date(),
      agent: { name: "a" },
    }) as const;

  const lone = await post(row("lone"));
  assert.equal(lone.kind, "sent");
  assert.equal(bodies.at(-1)!.idempotency_key, "lone");

  bodies.length = 0;
  const outcomes = await Promise.all(
    Array.from({ length: 300 }, (_, i) => post(row(`k${i}${i === 7 ? "-refused" : ""}`))),
  );
  assert.deepEqual(
    bodies.map((b) => b.tasks?.length),
    [250, 50],
  );
  assert.equal(outcomes.filter((o) => o.kind === "sent").length, 299);
  assert.equal(outcomes[7].kind, "refused");

  // A row the web cannot take yet is retried; a batch failing as a whole is retried as a whole.
  bodies.length = 0;
  failWholeBatches = 1;
  const retried = await Promise.all([post(row("a")), post(row("b")), post(row("c-busy"))]);
  assert.deepEqual(
    retried.map((o) => o.kind),
    ["sent", "sent", "unreachable"],
  );
  assert.equal(
    bodies.filter((b) => b.tasks?.some((t) => t.idempotency_key === "c-busy") || b.idempotency_key === "c-busy").length,
    4,
  );
});

test("two hundred schedules due in the same second: each slot claimed and run once, in a few batched requests", async () => {
  const agent = await createAgent("burst", "true", { concurrencyLimit: 16 });
  const at = new Date(Math.ceil((Date.now() + 5_000) / 1000) * 1000);
  const cron = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
  // Created as the API creates one, the rows with their schedule_changed events, but in one transaction: two hundred
  // requests one after the other take longer than a few seconds on a busy machine.
  const ids = await db.$transaction(async (tx) => {
    const now = new Date();
    await tx.schedule.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        agentId: agent.id,
        name: `burst-${i}`,
        message: "tick",
        cron,
        timezone: "UTC",
        overlapPolicy: "skip",
        createdAt: now,
        updatedAt: now,
      })),
    });
    const made = await tx.schedule.findMany({ where: { agentId: agent.id }, select: { id: true, agentId: true } });
    await appendEvents(
      tx,
      made.map((s) => scheduleChangedEvent(s, agent.name, "created")),
    );
    return made.map((s) => s.id);
  });
  assert.ok(Date.now() < at.getTime() - 1000, "the schedules were created in time");
  const requestsBefore = stack.requests.length;

  // Waits as long as the runs make progress (a busy machine runs two hundred programs slowly), at most 60 s without any.
  let rows = await db.execution.findMany({ where: { scheduleId: { in: ids } } });
  const progress = () => rows.length + rows.filter((e) => e.finishedAt).length;
  let seen = progress();
  let deadline = Date.now() + 60_000;
  while ((rows.length < 200 || rows.some((e) => !e.finishedAt)) && Date.now() < deadline) {
    await sleep(200);
    rows = await db.execution.findMany({ where: { scheduleId: { in: ids } } });
    if (progress() > seen) [seen, deadline] = [progress(), Date.now() + 60_000];
  }
  assert.equal(rows.length, 200, `worker output:\n${stack.worker.output().slice(-3000)}`);
  assert.ok(
    rows.every((e) => e.finishedAt),
    "every run finished",
  );
  assert.deepEqual([...new Set(rows.map((e) => e.scheduledFor?.toISOString()))], [at.toISOString()]);
  assert.equal(new Set(rows.map((e) => e.scheduleId)).size, 200);
  assert.ok(
    rows.every((e) => e.status === "succeeded"),
    JSON.stringify(rows.filter((e) => e.status !== "succeeded").slice(0, 3)),
  );
  const posts = stack.requests.slice(requestsBefore).filter((r) => r.path === "/api/internal/execute-task");
  // Batched: far fewer requests than rows. How few depends on how the second's claims fall on a busy machine (a
  // figure for the benchmark, not for a test).
  assert.ok(posts.length >= 1 && posts.length < 50, `${posts.length} requests for 200 rows`);
  assert.ok(posts.every((r) => r.status === 200));
  const marks = await db.schedule.findMany({
    where: { id: { in: ids } },
    select: { lastSlotAt: true, lastRunAt: true },
  });
  assert.ok(marks.every((s) => s.lastSlotAt?.getTime() === at.getTime() && s.lastRunAt !== null));
  // Nothing more is claimed for that second later on (the worker's callbacks after the batch found it handled).
  await sleep(1500);
  assert.equal(await db.execution.count({ where: { scheduleId: { in: ids } } }), 200);
});
