// Schedule controls end to end, with the real worker (scheduler and runner) and command agents: pause and resume
// through the API, the worker's automatic resume (also after a restart), a paused schedule that fires nothing,
// auto-pause after consecutive failures, jitter, the start/end window, backfill (preview, confirm exactly once under
// concurrent confirms, already-ran slots skipped, the cap), the change record with who, validation and permissions.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";
import { stateWaiter } from "./support/wait";

const stack = await startStack("schedule-controls");
const { db } = await import("@/lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { jitterOffsetMs } = await import("@/lib/schedules/slots");
const agentsRoute = await import("@/app/api/agents/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRoute = await import("@/app/api/agents/[name]/schedules/[id]/route");
const pauseRoute = await import("@/app/api/agents/[name]/schedules/[id]/pause/route");
const resumeRoute = await import("@/app/api/agents/[name]/schedules/[id]/resume/route");
const backfillRoute = await import("@/app/api/agents/[name]/schedules/[id]/backfill/route");
const changesRoute = await import("@/app/api/agents/[name]/schedules/[id]/changes/route");
const triggerRoute = await import("@/app/api/agents/[name]/schedules/[id]/trigger/route");

after(() => stack.stop());

const admin = await createTestUser("admin");
const other = await createTestUser("user");
const nameOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).name;
const adminName = await nameOf(admin.id);
const otherName = await nameOf(other.id);

const waitFor = stateWaiter(() => stack.worker.output(), 20_000);

async function createAgent(name: string, command: string) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command, concurrencyLimit: 20 },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent as { id: string; name: string };
}

const echo = await createAgent("controls-echo", "cat");
const base = (id: string) => `/api/agents/${echo.name}/schedules/${id}`;

function one(mod: Record<string, unknown>, method: string, id: string, body?: unknown, token = admin.token) {
  const suffix =
    mod === pauseRoute ? "/pause" : mod === resumeRoute ? "/resume" : mod === backfillRoute ? "/backfill" : "";
  return call(mod, method, `${base(id)}${suffix}`, { token, params: { name: echo.name, id }, body });
}

async function createSchedule(body: Record<string, unknown>, agent = echo.name) {
  const res = await call(schedulesRoute, "POST", `/api/agents/${agent}/schedules`, {
    token: admin.token,
    params: { name: agent },
    body: { name: `c-${Math.random().toString(36).slice(2, 8)}`, message: "tick", overlapPolicy: "allow", ...body },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.schedule as { id: string; name: string };
}

async function changes(id: string, token = other.token) {
  const res = await call(changesRoute, "GET", `${base(id)}/changes`, { token, params: { name: echo.name, id } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.changes as { action: string; user: { name: string } | null; details: Record<string, unknown> }[];
}

const runsOf = (scheduleId: string) =>
  db.execution.findMany({ where: { scheduleId }, orderBy: [{ scheduledFor: "asc" }, { attempt: "asc" }] });

test("pause with a note and resume through the API, each recorded with who; errors name the field", async () => {
  const s = await createSchedule({ cron: "0 9 * * *" });
  const resumeAt = new Date(Date.now() + 3_600_000).toISOString();
  const paused = await one(pauseRoute, "POST", s.id, { note: "holiday freeze", resumeAt });
  assert.equal(paused.status, 200, JSON.stringify(paused.body));
  assert.equal(paused.body.schedule.paused.note, "holiday freeze");
  assert.equal(paused.body.schedule.paused.resumeAt, resumeAt);
  assert.equal(paused.body.schedule.paused.by.name, adminName);
  assert.equal(paused.body.schedule.paused.automatic, false);
  assert.equal(paused.body.schedule.nextRunAt, null);
  assert.equal(paused.body.schedule.enabled, true, "pausing leaves enabled alone");

  const again = await one(pauseRoute, "POST", s.id, {});
  assert.equal(again.status, 409);

  const forbidden = await one(resumeRoute, "POST", s.id, undefined, other.token);
  assert.equal(forbidden.status, 403);
  const resumed = await one(resumeRoute, "POST", s.id);
  assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
  assert.equal(resumed.body.schedule.paused, null);
  assert.ok(resumed.body.schedule.nextRunAt);
  assert.equal((await one(resumeRoute, "POST", s.id)).status, 409);

  const past = await one(pauseRoute, "POST", s.id, { resumeAt: new Date(Date.now() - 1000).toISOString() });
  assert.equal(past.status, 400);
  assert.equal(past.body.error.details[0].field, "resumeAt");
  const garbled = await one(pauseRoute, "POST", s.id, { resumeAt: "tomorrow" });
  assert.equal(garbled.status, 400);
  assert.equal(garbled.body.error.details[0].field, "resumeAt");
  assert.equal((await one(pauseRoute, "POST", s.id, { note: "x" }, other.token)).status, 403);
  assert.equal((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).pausedAt, null, "nothing written");

  const list = await changes(s.id);
  assert.deepEqual(
    list.map((c) => c.action),
    ["resumed", "paused", "created"],
  );
  assert.equal(list[1].user?.name, adminName);
  assert.equal(list[1].details.note, "holiday freeze");
  const events = await db.event.findMany({ where: { name: "schedule_changed" } });
  const changesOf = events.map((e) => JSON.parse(e.payload)).filter((p) => p.scheduleId === s.id);
  assert.deepEqual(changesOf.map((p) => p.change).sort(), ["created", "paused", "resumed"]);
});

test("a paused schedule fires nothing while a neighbour keeps firing; resumeAt resumes it by the worker", async () => {
  const s = await createSchedule({ cron: "* * * * * *" });
  const neighbour = await createSchedule({ cron: "* * * * * *" });
  await waitFor("the schedule's first run", async () => (await runsOf(s.id)).length > 0);
  const resumeAt = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000);
  const paused = await one(pauseRoute, "POST", s.id, { note: "quiet", resumeAt: resumeAt.toISOString() });
  assert.equal(paused.status, 200);
  const pausedAt = Date.parse(paused.body.schedule.paused.at);
  // The neighbour fires through the pause: the scheduler is live, and the paused one stays silent.
  await waitFor("neighbour runs during the pause", async () => {
    const rows = await runsOf(neighbour.id);
    return rows.filter((r) => r.scheduledFor!.getTime() > pausedAt + 1000).length >= 2;
  });
  const resumed = await waitFor("the automatic resume", async () => {
    const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    return row.pausedAt === null ? row : null;
  });
  assert.ok(resumed.resumedAt!.getTime() >= resumeAt.getTime());
  const after = await waitFor("a run after the resume", async () => {
    const rows = await runsOf(s.id);
    return rows.some((r) => r.scheduledFor!.getTime() > resumeAt.getTime()) ? rows : null;
  });
  const during = after.filter(
    (r) => r.scheduledFor!.getTime() > pausedAt && r.scheduledFor!.getTime() < resumeAt.getTime(),
  );
  assert.deepEqual(during, [], "no slot of the pause ran or was recorded (not caught up)");
  const [latest] = await changes(s.id);
  assert.equal(latest.action, "resumed");
  assert.equal(latest.user, null);
  assert.equal(latest.details.automatic, true);
  await one(pauseRoute, "POST", neighbour.id, {});
  await one(pauseRoute, "POST", s.id, {});
});

test("a resume time that passes while no worker runs is applied when one starts", async () => {
  const s = await createSchedule({ cron: "0 9 * * *" });
  await stack.killWorker("SIGKILL");
  const resumeAt = new Date(Date.now() + 1_000);
  assert.equal((await one(pauseRoute, "POST", s.id, { resumeAt: resumeAt.toISOString() })).status, 200);
  await waitFor("the resume time to pass", async () => Date.now() > resumeAt.getTime() + 200);
  assert.ok((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).pausedAt, "no worker, still paused");
  await stack.startWorkerAgain();
  await waitFor("the resume at start", async () => {
    const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    return row.pausedAt === null;
  });
  assert.equal((await changes(s.id))[0].action, "resumed");
});

test("auto-pause after N consecutive failures: the reason, the change row and the event; off by default", async () => {
  const failing = await createAgent("controls-failing", "echo broken >&2; exit 1");
  const s = await createSchedule({ cron: "* * * * * *", autoPauseAfterFailures: 3 }, failing.name);
  const off = await createSchedule({ cron: "* * * * * *" }, failing.name);
  const row = await waitFor(
    "the auto-pause",
    async () => {
      const r = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
      return r.pausedAt ? r : null;
    },
    30_000,
  );
  assert.equal(row.autoPaused, true);
  assert.equal(row.pauseNote, "paused after 3 consecutive failures");
  const failed = (await runsOf(s.id)).filter((r) => r.status === "failed" && r.finishedAt! <= row.pausedAt!);
  assert.ok(failed.length >= 3, `paused after ${failed.length} failures`);
  const dto = await call(scheduleRoute, "GET", `/api/agents/${failing.name}/schedules/${s.id}`, {
    token: other.token,
    params: { name: failing.name, id: s.id },
  });
  assert.equal(dto.body.schedule.paused.automatic, true);
  assert.equal(dto.body.schedule.paused.note, "paused after 3 consecutive failures");
  const change = await db.scheduleChange.findFirstOrThrow({ where: { scheduleId: s.id, action: "auto_paused" } });
  assert.equal(change.userId, null);
  assert.equal(await db.scheduleChange.count({ where: { scheduleId: s.id, action: "auto_paused" } }), 1);
  const events = await db.event.findMany({ where: { name: "schedule_changed" } });
  assert.ok(
    events.some((e) => JSON.parse(e.payload).scheduleId === s.id && JSON.parse(e.payload).change === "auto_paused"),
  );
  // The schedule without the rule kept failing and firing.
  await waitFor(
    "four failures of the schedule without the rule",
    async () => (await runsOf(off.id)).filter((r) => r.status === "failed").length >= 4,
  );
  const offRow = await db.schedule.findUniqueOrThrow({ where: { id: off.id } });
  assert.equal(offRow.pausedAt, null);
  await call(scheduleRoute, "PUT", `/api/agents/${failing.name}/schedules/${off.id}`, {
    token: admin.token,
    params: { name: failing.name, id: off.id },
    body: { enabled: false },
  });
});

test("a success resets the failure count; failures with a retry left do not count", async () => {
  const { autoPauseIfFailing } = await import("@/lib/schedules/pause");
  const s = await createSchedule({ cron: "0 9 * * *", autoPauseAfterFailures: 2, retryCount: 1 });
  let t = Date.now() - 3_600_000;
  const finish = async (status: string, attempt = 2) => {
    t += 1000;
    await db.execution.create({
      data: {
        agentId: echo.id,
        scheduleId: s.id,
        trigger: attempt > 1 ? "retry" : "schedule",
        status,
        message: "tick",
        attempt,
        scheduledFor: new Date(t),
        finishedAt: new Date(t),
      },
    });
    return autoPauseIfFailing(db, s.id, new Date());
  };
  assert.equal(await finish("failed"), null);
  assert.equal(await finish("succeeded"), null);
  assert.equal(await finish("failed"), null, "one failure since the success");
  assert.equal(await finish("failed", 1), null, "a failure with a retry left is not the slot's last word");
  assert.equal(await finish("timed_out"), "paused after 2 consecutive failures");
  assert.equal(await finish("failed"), null, "paused already: nothing more");
  assert.equal(await db.scheduleChange.count({ where: { scheduleId: s.id, action: "auto_paused" } }), 1);
});

test("jitter: each run waits its slot's deterministic offset, within the bound", async () => {
  const s = await createSchedule({ cron: "* * * * * *", jitterSeconds: 2 });
  const rows = await waitFor("three jittered runs started", async () => {
    const r = (await runsOf(s.id)).filter((e) => e.startedAt);
    return r.length >= 3 ? r : null;
  });
  await one(pauseRoute, "POST", s.id, {});
  for (const r of rows) {
    const offset = jitterOffsetMs(s.id, r.scheduledFor!, 2);
    assert.ok(offset >= 0 && offset <= 2000);
    assert.equal(r.notBefore?.getTime() ?? r.scheduledFor!.getTime(), r.scheduledFor!.getTime() + offset);
    assert.ok(r.startedAt!.getTime() >= r.scheduledFor!.getTime() + offset, "started before its jittered time");
  }
  const set = await one(scheduleRoute, "PUT", s.id, { jitterSeconds: 3601 });
  assert.equal(set.status, 400);
  assert.equal(set.body.error.details[0].field, "jitterSeconds");
});

test("start and end dates: no slot outside the window, next runs respect it, end after start", async () => {
  const startAt = new Date(Math.ceil((Date.now() + 2_000) / 1000) * 1000);
  const endAt = new Date(startAt.getTime() + 2_000);
  const s = await createSchedule({ cron: "* * * * * *", startAt: startAt.toISOString(), endAt: endAt.toISOString() });
  const marker = await createSchedule({ cron: "* * * * * *" });
  await waitFor("a slot well after the window", async () =>
    (await runsOf(marker.id)).some((r) => r.scheduledFor!.getTime() > endAt.getTime() + 1500),
  );
  await one(pauseRoute, "POST", marker.id, {});
  const rows = await runsOf(s.id);
  assert.ok(rows.length >= 1, "the window's slots ran");
  for (const r of rows) {
    const t = r.scheduledFor!.getTime();
    assert.ok(t >= startAt.getTime() && t <= endAt.getTime(), `slot ${r.scheduledFor!.toISOString()} outside`);
  }
  const got = await one(scheduleRoute, "GET", s.id);
  assert.equal(got.body.schedule.nextRunAt, null, "ended: no next run");

  const tomorrow = new Date(Date.now() + 86_400_000);
  const later = await createSchedule({ cron: "0 * * * *", startAt: tomorrow.toISOString() });
  const dto = (await one(scheduleRoute, "GET", later.id)).body.schedule;
  assert.ok(Date.parse(dto.nextRunAt) >= tomorrow.getTime());
  assert.ok(dto.nextRuns.every((r: string) => Date.parse(r) >= tomorrow.getTime()));

  const bad = await one(scheduleRoute, "PUT", later.id, { endAt: new Date(tomorrow.getTime() - 1000).toISOString() });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "endAt");
  const updates = (await changes(later.id)).filter((c) => c.action === "updated");
  assert.equal(updates.length, 0, "a refused edit records nothing");
  const ok = await one(scheduleRoute, "PUT", later.id, { autoPauseAfterFailures: 5, jitterSeconds: 30 });
  assert.equal(ok.status, 200);
  const [updated] = await changes(later.id);
  assert.equal(updated.action, "updated");
  assert.deepEqual(updated.details.fields, {
    autoPauseAfterFailures: { from: null, to: 5 },
    jitterSeconds: { from: 0, to: 30 },
  });
});

test("backfill: preview, confirm exactly once under concurrent confirms, already-ran slots skipped, the cap", async () => {
  const s = await createSchedule({ cron: "0 * * * *" });
  const hour = 3_600_000;
  const to = new Date(Math.floor(Date.now() / hour) * hour - hour);
  const from = new Date(to.getTime() - 4 * hour);
  const body = { from: from.toISOString(), to: to.toISOString() };

  const preview = await one(backfillRoute, "POST", s.id, body);
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.equal(preview.body.backfill.confirmed, false);
  assert.equal(preview.body.backfill.slots.length, 5);
  assert.ok(preview.body.backfill.slots.every((x: { outcome: string }) => x.outcome === "will_run"));
  assert.equal((await runsOf(s.id)).length, 0, "a preview writes nothing");

  // One slot ran already (e.g. before a pause).
  const ranSlot = new Date(from.getTime() + hour);
  const single = await one(backfillRoute, "POST", s.id, {
    from: new Date(ranSlot.getTime() - 1000).toISOString(),
    to: ranSlot.toISOString(),
    confirm: true,
  });
  assert.equal(single.status, 200, JSON.stringify(single.body));
  assert.equal(single.body.backfill.slots.length, 1);
  const [a, b] = await Promise.all([
    one(backfillRoute, "POST", s.id, { ...body, confirm: true }),
    one(backfillRoute, "POST", s.id, { ...body, confirm: true }),
  ]);
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(b.status, 200, JSON.stringify(b.body));
  const queued = [...a.body.backfill.slots, ...b.body.backfill.slots].filter((x) => x.outcome === "queued");
  assert.equal(queued.length, 4, "each slot queued once across both confirms");
  const skippedRan = a.body.backfill.slots.find((x: { slot: string }) => x.slot === ranSlot.toISOString());
  assert.equal(skippedRan.outcome, "skipped");
  const rows = await runsOf(s.id);
  assert.equal(rows.length, 5);
  assert.equal(new Set(rows.map((r) => r.scheduledFor!.toISOString())).size, 5);
  assert.ok(rows.every((r) => r.trigger === "schedule" && r.attempt === 1));
  await waitFor("the backfilled runs to finish", async () =>
    (await runsOf(s.id)).every((r) => r.status === "succeeded"),
  );
  const again = await one(backfillRoute, "POST", s.id, body);
  assert.ok(again.body.backfill.slots.every((x: { outcome: string }) => x.outcome === "already_ran"));

  const tooMany = await one(backfillRoute, "POST", s.id, {
    from: new Date(to.getTime() - 200 * hour).toISOString(),
    to: to.toISOString(),
  });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.error.details[0].field, "to");
  assert.match(tooMany.body.error.message, /more than 100 slots/);
  const backwards = await one(backfillRoute, "POST", s.id, { from: to.toISOString(), to: from.toISOString() });
  assert.equal(backwards.status, 400);
  assert.equal(backwards.body.error.details[0].field, "to");
  const future = await one(backfillRoute, "POST", s.id, {
    from: from.toISOString(),
    to: new Date(Date.now() + hour).toISOString(),
  });
  assert.equal(future.status, 400);
  assert.equal(future.body.error.details[0].field, "to");
  assert.equal((await one(backfillRoute, "POST", s.id, body, other.token)).status, 403);
  assert.equal((await runsOf(s.id)).length, 5, "nothing more written");

  const record = (await changes(s.id)).filter((c) => c.action === "backfilled");
  assert.equal(record.length, 3);
  assert.equal(record[0].user?.name, adminName);
});

test("Run Now is recorded as a change", async () => {
  const s = await createSchedule({ cron: "0 9 * * *" });
  const res = await call(triggerRoute, "POST", `${base(s.id)}/trigger`, {
    token: other.token,
    params: { name: echo.name, id: s.id },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const [latest] = await changes(s.id);
  assert.equal(latest.action, "run_now");
  assert.equal(latest.user?.name, otherName);
  assert.equal(latest.details.executionId, res.body.execution.id);
});

test("several workers resuming or auto-pausing the same schedule at once do it once", async () => {
  const { resumeDue, autoPauseIfFailing } = await import("@/lib/schedules/pause");
  const s = await createSchedule({ cron: "0 9 * * *", autoPauseAfterFailures: 1 });
  assert.equal(
    (await one(pauseRoute, "POST", s.id, { resumeAt: new Date(Date.now() + 60_000).toISOString() })).status,
    200,
  );
  // Its resume time moved into the past behind the API's back: every worker (and these calls) may see it due.
  await db.schedule.update({ where: { id: s.id }, data: { resumeAt: new Date(Date.now() - 1000) } });
  const now = new Date();
  const resumed = await Promise.all([resumeDue(db, s.id, now), resumeDue(db, s.id, now), resumeDue(db, s.id, now)]);
  assert.ok(resumed.filter(Boolean).length <= 1);
  await waitFor(
    "the resume",
    async () => (await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).pausedAt === null,
  );
  assert.equal(await db.scheduleChange.count({ where: { scheduleId: s.id, action: "resumed" } }), 1);

  await db.execution.create({
    data: {
      agentId: echo.id,
      scheduleId: s.id,
      trigger: "schedule",
      status: "failed",
      message: "tick",
      attempt: 1,
      scheduledFor: new Date(),
      finishedAt: new Date(),
    },
  });
  const paused = await Promise.all([1, 2, 3].map(() => autoPauseIfFailing(db, s.id, new Date())));
  assert.ok(paused.filter(Boolean).length <= 1);
  await waitFor("the auto-pause", async () => (await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).pausedAt);
  assert.equal(await db.scheduleChange.count({ where: { scheduleId: s.id, action: "auto_paused" } }), 1);
});
